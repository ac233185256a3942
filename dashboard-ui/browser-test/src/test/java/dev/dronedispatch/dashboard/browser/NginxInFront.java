package dev.dronedispatch.dashboard.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's nginx in front of the gateway with the project's own load-balancer configuration ({@code
 * infra/nginx/nginx.conf}), rendered for loopback: the listen port, the upstream server lines, log,
 * pid and temp paths are replaced; every directive replaced must be found exactly once, so a
 * drifting config breaks this test loudly instead of silently testing another one.
 */
final class NginxInFront implements AutoCloseable {

  private static final List<String> CANDIDATES =
      List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx");
  private static final Pattern UPSTREAM_SERVER =
      Pattern.compile("(?m)^(\\s*)server gateway-\\d+:8000([^;]*);\\n");

  private final Process process;
  private final int port;
  private final Path dir;

  private NginxInFront(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  static Optional<Path> binary() {
    return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
  }

  static NginxInFront start(Path binary, Path config, Path dir, int gatewayPort) {
    int port = GatewayUnderTest.freePort();
    try {
      Files.createDirectories(dir);
      for (String t : List.of("body", "proxy", "fastcgi", "uwsgi", "scgi")) {
        Files.createDirectories(dir.resolve(t));
      }
      String conf =
          render(Files.readString(config, StandardCharsets.UTF_8), dir, port, gatewayPort);
      Path file = dir.resolve("nginx.conf");
      Files.writeString(file, conf, StandardCharsets.UTF_8);
      Process p =
          new ProcessBuilder(
                  binary.toString(),
                  "-p",
                  dir.toString(),
                  "-c",
                  file.toString(),
                  "-e",
                  dir.resolve("error.log").toString(),
                  "-g",
                  "daemon off;")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("stdout.log").toFile())
              .start();
      NginxInFront nginx = new NginxInFront(p, port, dir);
      nginx.awaitListening(Duration.ofSeconds(20));
      return nginx;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start nginx", e);
    }
  }

  static String render(String conf, Path dir, int port, int gatewayPort) {
    conf = once(conf, "listen 8080;", "listen 127.0.0.1:" + port + ";");
    conf =
        once(
            conf,
            "error_log /var/log/nginx/error.log warn;",
            "error_log " + dir.resolve("error.log") + " warn;");
    conf = once(conf, "pid /run/nginx.pid;", "pid " + dir.resolve("nginx.pid") + ";");
    conf =
        once(
            conf,
            "access_log /var/log/nginx/access.log timed;",
            "access_log " + dir.resolve("access.log") + " timed;");
    StringBuilder temps = new StringBuilder("http {\n");
    for (String t : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
      String sub = t.equals("client_body") ? "body" : t;
      temps.append("    ").append(t).append("_temp_path ").append(dir.resolve(sub)).append(";\n");
    }
    conf = once(conf, "http {\n", temps.toString());
    // the compose file's three gateways become the one gateway of this test, same parameters
    Matcher m = UPSTREAM_SERVER.matcher(conf);
    StringBuilder out = new StringBuilder();
    int found = 0;
    while (m.find()) {
      found++;
      String line = m.group(1) + "server 127.0.0.1:" + gatewayPort + m.group(2) + ";\n";
      m.appendReplacement(out, found == 1 ? Matcher.quoteReplacement(line) : "");
    }
    m.appendTail(out);
    if (found == 0) {
      throw new IllegalStateException("no 'server gateway-N:8000' line in the nginx config");
    }
    return out.toString();
  }

  private static String once(String text, String find, String replace) {
    int first = text.indexOf(find);
    if (first < 0 || text.indexOf(find, first + 1) >= 0) {
      throw new IllegalStateException("expected exactly one '" + find.trim() + "' in nginx.conf");
    }
    return text.replace(find, replace);
  }

  private void awaitListening(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("nginx exited; see " + dir.resolve("stdout.log"));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    throw new IllegalStateException("nginx not listening within " + timeout);
  }

  /** The balancer's base URL, with a trailing slash. */
  String baseUrl() {
    return "http://127.0.0.1:" + port + "/";
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
