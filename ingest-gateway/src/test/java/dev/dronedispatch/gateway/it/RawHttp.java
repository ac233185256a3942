package dev.dronedispatch.gateway.it;

import dev.dronedispatch.model.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * HTTP/1.1 over a plain socket, for requests a well-behaved client refuses to send: a request
 * target exactly as given (invalid percent-encodings, raw control characters), any header value.
 * One request per connection ({@code Connection: close}); the answer is read to the end.
 */
final class RawHttp {

  /** The answer: status, headers (lower-case names) and body. */
  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    JsonNode json() {
      return Json.mapper().readTree(body);
    }
  }

  private RawHttp() {}

  static Response send(
      int port, String method, String target, Map<String, String> headers, byte[] body) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(30_000);
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      head.append("Host: 127.0.0.1:").append(port).append("\r\n");
      head.append("Connection: close\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      if (body != null) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("\r\n");
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
      if (body != null && "100-continue".equalsIgnoreCase(headers.get("Expect"))) {
        // the body goes only after an interim 100; a refusal before it is the answer
        out.write(headBytes);
        out.flush();
        byte[] interim = readHead(in);
        if (!new String(interim, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 100")) {
          return parse(concat(interim, in.readAllBytes()));
        }
        out.write(body);
      } else {
        // head and body in one write: the server may answer from the head alone and close
        out.write(body == null ? headBytes : concat(headBytes, body));
      }
      out.flush();
      return parse(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + abbreviated(target), e);
    }
  }

  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    int c;
    while (matched < end.length && (c = in.read()) >= 0) {
      head.write(c);
      matched = c == end[matched] ? matched + 1 : (c == '\r' ? 1 : 0);
    }
    return head.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static Response parse(byte[] raw) throws IOException {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IOException("no complete response head: " + abbreviated(text));
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    byte[] body =
        "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? dechunk(rest) : rest;
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(byte[] chunked) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = new java.io.ByteArrayInputStream(chunked);
    while (true) {
      StringBuilder size = new StringBuilder();
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) {
          return out.toByteArray();
        }
        if (c != '\r') {
          size.append((char) c);
        }
      }
      int n = Integer.parseInt(size.toString().split(";")[0].trim(), 16);
      if (n == 0) {
        return out.toByteArray();
      }
      out.write(in.readNBytes(n));
      in.skipNBytes(2);
    }
  }

  static String abbreviated(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
