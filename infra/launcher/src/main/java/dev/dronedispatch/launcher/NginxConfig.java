package dev.dronedispatch.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's {@code infra/nginx/nginx.conf}, the one docker-compose mounts, rendered for a run
 * on loopback: the listen port, the upstream gateways, the log, pid and temp paths are replaced.
 * Each must be found exactly once, so a drift of the file breaks the local run and its tests loudly
 * instead of silently balancing over the wrong servers.
 */
public final class NginxConfig {

  /** The configuration, relative to the project root. */
  public static final Path SOURCE = Path.of("infra", "nginx", "nginx.conf");

  private static final List<String> CANDIDATES =
      List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx", "/usr/local/bin/nginx");
  private static final List<String> TEMP_DIRS =
      List.of("body", "proxy", "fastcgi", "uwsgi", "scgi");
  private static final Pattern GATEWAY_SERVER =
      Pattern.compile("(?m)^\\s*server gateway-\\d+:8000[^;]*;\\n");
  private static final int COMPOSE_GATEWAYS = 3;

  private NginxConfig() {}

  /** The nginx binary: NGINX_BIN, or a usual install location. */
  public static Optional<Path> binary() {
    String env = System.getenv("NGINX_BIN");
    if (env != null && Files.isExecutable(Path.of(env))) {
      return Optional.of(Path.of(env));
    }
    return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
  }

  /**
   * Writes {@code source} rendered for {@code port} and {@code upstreamServers} (each a full {@code
   * server ...;} line) to {@code dir}, with the log, pid and temp directories there too, and
   * returns the written file.
   */
  public static Path write(Path source, Path dir, int port, List<String> upstreamServers)
      throws IOException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String temp : TEMP_DIRS) {
      Path t = Files.createDirectories(dir.resolve(temp));
      // nginx's workers may run as another user than the master
      Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxrwxrwx"));
    }
    String conf =
        render(Files.readString(source, StandardCharsets.UTF_8), dir, port, upstreamServers);
    Path file = dir.resolve("nginx.conf");
    Files.writeString(file, conf, StandardCharsets.UTF_8);
    return file;
  }

  /** The arguments that run nginx in the foreground on a {@link #write written} configuration. */
  public static List<String> foregroundArgs(Path dir, Path config) {
    return List.of(
        "-p",
        dir.toString(),
        "-c",
        config.toString(),
        "-e",
        dir.resolve("error.log").toString(),
        "-g",
        "daemon off;");
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
    StringBuilder temps = new StringBuilder("http {\n");
    for (String temp : TEMP_DIRS) {
      temps.append(String.format("    %s_temp_path %s;%n", tempDirective(temp), dir.resolve(temp)));
    }
    conf = once(conf, "http {\n", temps.toString());
    Matcher m = GATEWAY_SERVER.matcher(conf);
    StringBuilder out = new StringBuilder();
    int found = 0;
    while (m.find()) {
      found++;
      m.appendReplacement(
          out, found == 1 ? Matcher.quoteReplacement(servers(upstreamServers)) : "");
    }
    m.appendTail(out);
    if (found != COMPOSE_GATEWAYS) {
      throw new IllegalStateException(
          "expected " + COMPOSE_GATEWAYS + " gateway server lines, found " + found);
    }
    return out.toString();
  }

  private static String tempDirective(String temp) {
    return temp.equals("body") ? "client_body" : temp;
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
}
