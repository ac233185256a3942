package dev.dronedispatch.kv.client.http;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of keys and lock names into one URI path segment or query value: everything but
 * RFC 3986 unreserved characters (and ':') is escaped, so '/', '?', '#', '%', '+' and spaces in a
 * key survive the trip.
 */
public final class UriEncoding {

  private UriEncoding() {}

  public static String encode(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || c == ':') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        sb.append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return sb.toString();
  }
}
