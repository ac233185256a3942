package dev.dronedispatch.kv.digest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A key's position on the consistent-hash ring: the first 8 bytes of MD5(key), read as an unsigned
 * number. The coordinator places keys with it and the nodes sort their records into ring segments
 * with it, so both must compute it alike.
 */
public final class KeyToken {

  private static final ThreadLocal<MessageDigest> MD5 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException(e);
            }
          });

  private KeyToken() {}

  public static long of(String s) {
    byte[] d = MD5.get().digest(s.getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.wrap(Arrays.copyOf(d, 8)).getLong();
  }
}
