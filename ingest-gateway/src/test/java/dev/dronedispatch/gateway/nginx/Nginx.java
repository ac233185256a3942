package dev.dronedispatch.gateway.nginx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's nginx running the project's {@code infra/nginx/nginx.conf}, rendered for loopback: the
 * listen port, the upstream servers, the log and pid paths are replaced (each must be found exactly
 * once, so the test breaks loudly when the file drifts), temp paths go to the run's directory.
 * Shared with the dashboard's browser test through this module's test jar.
 */
public final class Nginx implements AutoCloseable {

  public static final Path CONFIG = Path.of("..", "infra", "nginx", "nginx.conf");
  private static final List<String> CANDIDATES =
      List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx", "/usr/local/bin/nginx");

  private final Process process;
  private final Path dir;
  private final int port;

  private Nginx(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** The nginx binary: NGINX_BIN, or a usual install location. */
  public static Optional<Path> binary() {
    String env = System.getenv("NGINX_BIN");
    if (env != null && Files.isExecutable(Path.of(env))) {
      return Optional.of(Path.of(env));
    }
    return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
  }

  /**
   * {@link #start(Path, Path, Path, int, List)} with this module's view of the config, in a temp
   * dir.
   */
  public static Nginx start(Path binary, int port, List<String> upstreamServers) {
    try {
      return start(binary, CONFIG, Files.createTempDirectory("nginx-test-"), port, upstreamServers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Renders {@code config} with {@code upstreamServers} (each a full {@code server ...;} line
   * without the keyword's indentation) and starts nginx in the foreground on {@code port}, with its
   * logs, pid and temp files in {@code dir}.
   */
  public static Nginx start(
      Path binary, Path config, Path dir, int port, List<String> upstreamServers) {
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      for (String temp : List.of("body", "proxy", "fastcgi", "uwsgi", "scgi")) {
        Path t = Files.createDirectories(dir.resolve(temp));
        Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxrwxrwx"));
      }
      String conf =
          render(Files.readString(config, StandardCharsets.UTF_8), dir, port, upstreamServers);
      Path confFile = dir.resolve("nginx.conf");
      Files.writeString(confFile, conf, StandardCharsets.UTF_8);
      Process p =
          new ProcessBuilder(
                  binary.toString(),
                  "-p",
                  dir.toString(),
                  "-c",
                  confFile.toString(),
                  "-e",
                  dir.resolve("error.log").toString(),
                  "-g",
                  "daemon off;")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("stdout.log").toFile())
              .start();
      return new Nginx(p, dir, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String render(String conf, Path dir, int port, List<String> upstreamServers) {
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
    String temps =
        "http {\n"
            + "    client_body_temp_path "
            + dir.resolve("body")
            + ";\n"
            + "    proxy_temp_path "
            + dir.resolve("proxy")
            + ";\n"
            + "    fastcgi_temp_path "
            + dir.resolve("fastcgi")
            + ";\n"
            + "    uwsgi_temp_path "
            + dir.resolve("uwsgi")
            + ";\n"
            + "    scgi_temp_path "
            + dir.resolve("scgi")
            + ";\n";
    conf = once(conf, "http {\n", temps);
    Matcher m = Pattern.compile("(?m)^\\s*server gateway-\\d+:8000[^;]*;\\n").matcher(conf);
    StringBuilder out = new StringBuilder();
    int found = 0;
    while (m.find()) {
      found++;
      m.appendReplacement(
          out, found == 1 ? Matcher.quoteReplacement(servers(upstreamServers)) : "");
    }
    m.appendTail(out);
    if (found != 3) {
      throw new IllegalStateException("expected 3 gateway server lines, found " + found);
    }
    return out.toString();
  }

  private static String servers(List<String> lines) {
    StringBuilder sb = new StringBuilder();
    lines.forEach(l -> sb.append("        ").append(l).append('\n'));
    return sb.toString();
  }

  private static String once(String text, String find, String replace) {
    int first = text.indexOf(find);
    if (first < 0 || text.indexOf(find, first + 1) >= 0) {
      throw new IllegalStateException("expected exactly one '" + find.trim() + "' in nginx.conf");
    }
    return text.replace(find, replace);
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public Path accessLog() {
    return dir.resolve("access.log");
  }

  /** Waits until nginx answers its own health location. */
  public Nginx awaitReady(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("nginx exited: " + log());
      }
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        return this;
      } catch (IOException notYet) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for nginx", e);
        }
      }
    }
    throw new IllegalStateException("nginx not listening within " + timeout + ": " + log());
  }

  public String log() {
    try {
      StringBuilder sb = new StringBuilder();
      for (String f : List.of("stdout.log", "error.log")) {
        Path p = dir.resolve(f);
        if (Files.exists(p)) {
          sb.append(Files.readString(p));
        }
      }
      return sb.toString();
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
