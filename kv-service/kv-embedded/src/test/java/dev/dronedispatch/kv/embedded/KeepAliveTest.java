package dev.dronedispatch.kv.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections persist for clients that are not ours: an HTTP/1.0 client that asks for keep-alive
 * (as {@code ab -k} does) keeps its connection, one that does not gets it closed.
 */
class KeepAliveTest {

  @TempDir static Path dir;
  static LocalKvCluster cluster;

  @BeforeAll
  static void start() {
    cluster = LocalKvCluster.start(dir);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  /** Sends {@code requests} in one write and reads every answer up to the server's close. */
  static String exchange(String baseUrl, String requests) throws IOException {
    URI uri = URI.create(baseUrl);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(requests.getBytes(StandardCharsets.ISO_8859_1));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static int answers(String raw) {
    Matcher m = Pattern.compile("HTTP/1\\.0 200 OK").matcher(raw);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void anHttp10ClientAskingForKeepAliveKeepsItsConnection() throws IOException {
    String keepAlive = "GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
    String last = "GET /health HTTP/1.0\r\n\r\n";
    for (String url : new String[] {cluster.coordinatorUrl(), cluster.nodeUrls().get(0)}) {
      String raw = exchange(url, keepAlive + keepAlive + last);
      assertThat(answers(raw)).as(raw).isEqualTo(3);
      assertThat(raw).contains("Connection: keep-alive");
      assertThat(answers(exchange(url, last + keepAlive))).isEqualTo(1);
    }
  }
}
