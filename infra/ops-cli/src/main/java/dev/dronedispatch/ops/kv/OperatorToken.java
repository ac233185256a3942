package dev.dronedispatch.ops.kv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The KV operators' token — the nodes' token, which membership changes take (clients of the data
 * hold another) — where the system keeps it: the environment's {@code KV_NODE_TOKEN}, as the
 * launcher hands it to the coordinators, or a file — a bare token, as a compose secret is, or a
 * {@code KEY=value} file holding a {@code KV_NODE_TOKEN} line, as the local run's {@code
 * data/credentials.env} is. A token on the command line would show in the process list, so there is
 * no option for the token itself.
 */
public final class OperatorToken {

  public static final String ENV = "KV_NODE_TOKEN";

  private static final Pattern ASSIGNMENT =
      Pattern.compile("^(?:export\\s+)?" + ENV + "=[\"']?([^\"'\\s]*)[\"']?$");

  /** Another variable's line; base64 padding ({@code abc==}) is not one. */
  private static final Pattern OTHER_ASSIGNMENT =
      Pattern.compile("^(?:export\\s+)?[A-Za-z_][A-Za-z0-9_]*=[^=]");

  private OperatorToken() {}

  /** From {@code file} when given, else from {@code env}; none when neither holds one. */
  public static Optional<String> resolve(Optional<Path> file, Map<String, String> env) {
    if (file.isPresent()) {
      return Optional.of(read(file.get()));
    }
    return Optional.ofNullable(env.get(ENV)).map(String::strip).filter(t -> !t.isEmpty());
  }

  private static String read(Path file) {
    try {
      return parse(Files.readString(file), file);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--kv-token-file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /** The token a file's {@code content} holds; {@code source} names the file in the error. */
  static String parse(String content, Path source) {
    List<String> lines =
        content.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    for (String line : lines) {
      Matcher m = ASSIGNMENT.matcher(line);
      if (m.matches() && !m.group(1).isEmpty()) {
        return m.group(1);
      }
    }
    if (lines.size() == 1
        && !lines.get(0).contains(" ")
        && !OTHER_ASSIGNMENT.matcher(lines.get(0)).find()) {
      return lines.get(0);
    }
    throw new IllegalArgumentException(
        "--kv-token-file "
            + source
            + " holds neither a "
            + ENV
            + "=… line nor a bare token on a line of its own");
  }
}
