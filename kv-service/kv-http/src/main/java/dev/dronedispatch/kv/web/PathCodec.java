package dev.dronedispatch.kv.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding of path segments and query values (RFC 3986; '+' is literal in paths). The
 * encoding side is {@code dev.dronedispatch.kv.client.http.UriEncoding}.
 */
public final class PathCodec {

  private PathCodec() {}

  /** Decodes %XX escapes as UTF-8; '+' stays '+' in paths, becomes a space in queries. */
  public static String decode(String s, boolean plusIsSpace) {
    if (s.indexOf('%') < 0 && !(plusIsSpace && s.indexOf('+') >= 0)) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw ApiException.malformed("bad percent-encoding in '" + s + "'");
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else if (c == '%') {
        throw ApiException.malformed("bad percent-encoding in '" + s + "'");
      } else if (c == '+' && plusIsSpace) {
        out.write(' ');
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
          b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        out.writeBytes(b);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
