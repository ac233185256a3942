package dev.dronedispatch.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The order clients the gateway accepts, each known by the SHA-256 of its API key, never by the
 * key: a leaked configuration names the clients but lets no one in. SHA-256 without salt or
 * stretching is enough because the keys are 256-bit random values, not passwords a dictionary could
 * guess; a slow hash would instead cost CPU on every request.
 */
public final class ApiClients {

  private final Map<String, String> clientByHash;

  private ApiClients(Map<String, String> clientByHash) {
    this.clientByHash = Map.copyOf(clientByHash);
  }

  /**
   * {@code client=sha256hex[,client=sha256hex...]} (DD_API_KEY_HASHES); blank: no client is
   * accepted.
   */
  public static ApiClients parse(String spec) {
    Map<String, String> byHash = new LinkedHashMap<>();
    if (spec != null) {
      for (String part : spec.split(",")) {
        String p = part.trim();
        if (p.isEmpty()) {
          continue;
        }
        int eq = p.indexOf('=');
        String hash = eq < 0 ? "" : p.substring(eq + 1).trim().toLowerCase(java.util.Locale.ROOT);
        if (eq <= 0 || !hash.matches("[0-9a-f]{64}")) {
          throw new IllegalArgumentException(
              "DD_API_KEY_HASHES entries are client=<sha256 of the key, 64 hex digits>, not: "
                  + (eq <= 0 ? p : p.substring(0, eq) + "=…"));
        }
        byHash.put(hash, p.substring(0, eq).trim());
      }
    }
    return new ApiClients(byHash);
  }

  /** The client whose key this is, if any. */
  public Optional<String> clientOf(String presentedKey) {
    return Optional.ofNullable(clientByHash.get(hash(presentedKey)));
  }

  public boolean isEmpty() {
    return clientByHash.isEmpty();
  }

  /** Lower-case hex SHA-256 of the key's UTF-8 bytes ({@code printf %s KEY | sha256sum}). */
  public static String hash(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
