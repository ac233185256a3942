package dev.dronedispatch.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables a module's code can read: string literals in its Java sources ({@code
 * env.get("KV_URL")}), placeholders in its resources ({@code ${KV_URL:...}}) and picocli defaults
 * ({@code ${env:LB_URL:-...}}).
 */
final class ConfigurationKeys {

  private static final Pattern JAVA_LITERAL = Pattern.compile("\"([A-Z][A-Z0-9_]+)\"");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(?:env:)?([A-Z][A-Z0-9_]+)");

  private ConfigurationKeys() {}

  static Set<String> readBy(Path module) {
    Set<String> keys = new TreeSet<>();
    Path main = module.resolve("src/main");
    try (Stream<Path> files = Files.walk(main)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        if (!(name.endsWith(".java")
            || name.endsWith(".yml")
            || name.endsWith(".yaml")
            || name.endsWith(".properties"))) {
          continue;
        }
        String text = Files.readString(f);
        collect(PLACEHOLDER.matcher(text), keys);
        if (name.endsWith(".java")) {
          collect(JAVA_LITERAL.matcher(text), keys);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return keys;
  }

  private static void collect(Matcher m, Set<String> into) {
    while (m.find()) {
      into.add(m.group(1));
    }
  }
}
