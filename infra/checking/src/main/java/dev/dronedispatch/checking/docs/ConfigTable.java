package dev.dronedispatch.checking.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration tables of a module README, as a doc test reads them: every table row whose
 * first cell names environment variables in backticks ({@code | `NAME` | default | meaning |}, or
 * {@code | `A`, `B` | 2, 2 | … |} or {@code | `A` / `B` | 2 / 2 | … |} for several) gives each name
 * its documented default. A test then holds the README to the code's own defaults, as the events
 * test holds docs/events.md to the records.
 */
public record ConfigTable(Map<String, String> defaults) {

  private static final Pattern NAME = Pattern.compile("`([A-Z][A-Z0-9_]*)`");

  public ConfigTable {
    defaults = Map.copyOf(defaults);
  }

  public static ConfigTable read(Path markdown) throws IOException {
    return parse(Files.readString(markdown));
  }

  /**
   * The first table after the line containing {@code marker}, for a README that documents several
   * servers whose keys share names (e.g. {@code PORT}) in tables of their own.
   */
  public static ConfigTable read(Path markdown, String marker) throws IOException {
    String text = Files.readString(markdown);
    int at = text.indexOf(marker);
    if (at < 0) {
      throw new IllegalArgumentException(markdown + " has no '" + marker + "'");
    }
    return parse(firstTable(text.substring(at)));
  }

  static String firstTable(String markdown) {
    StringBuilder table = new StringBuilder();
    for (String line : markdown.split("\n")) {
      if (line.startsWith("|")) {
        table.append(line).append('\n');
      } else if (table.length() > 0) {
        break;
      }
    }
    return table.toString();
  }

  static ConfigTable parse(String markdown) {
    Map<String, String> defaults = new LinkedHashMap<>();
    for (String line : markdown.split("\n")) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String[] cells = line.split("\\|");
      if (cells.length < 3) {
        continue;
      }
      List<String> names = new ArrayList<>();
      Matcher m = NAME.matcher(cells[1]);
      while (m.find()) {
        names.add(m.group(1));
      }
      String[] values = cells[2].replace("`", "").trim().split(",\\s+|\\s+/\\s+");
      for (int i = 0; i < names.size(); i++) {
        String value = names.size() == values.length ? values[i] : String.join(", ", values);
        defaults.putIfAbsent(names.get(i), value.trim());
      }
    }
    return new ConfigTable(defaults);
  }

  /** The documented default of {@code name}, if a row names it. */
  public Optional<String> defaultOf(String name) {
    return Optional.ofNullable(defaults.get(name));
  }

  /**
   * Whether the README documents {@code name} with the default {@code value}: equal numbers (so
   * {@code 2} documents {@code 2.0}) or equal text.
   */
  public boolean documents(String name, String value) {
    return defaultOf(name).map(doc -> sameValue(doc, value)).orElse(false);
  }

  /**
   * What the README gets wrong about {@code asked} (names a configuration class read, with the
   * default each was read with): each name it does not document, and each default it documents
   * otherwise. A documented default that describes rather than states the value (it contains {@code
   * <}, <code>{</code>, {@code …} or bold text, e.g. {@code node-<port>}, {@code **required**}) is
   * checked by name only, as is a name read without a default or with an empty one (the README
   * documents that by what happens without it, e.g. {@code —} or {@code random per process}).
   */
  public List<String> mistakesAbout(Map<String, Optional<String>> asked) {
    List<String> mistakes = new ArrayList<>();
    asked.forEach(
        (name, value) -> {
          Optional<String> doc = defaultOf(name);
          if (doc.isEmpty()) {
            mistakes.add(name + " is not documented");
          } else if (value.isPresent()
              && !value.get().isEmpty()
              && !describes(doc.get())
              && !sameValue(doc.get(), value.get())) {
            mistakes.add(name + " defaults to " + value.get() + ", documented " + doc.get());
          }
        });
    return mistakes;
  }

  private static boolean describes(String documented) {
    return documented.contains("<")
        || documented.contains("{")
        || documented.contains("…")
        || documented.contains("**");
  }

  private static boolean sameValue(String documented, String actual) {
    try {
      return Double.parseDouble(documented) == Double.parseDouble(actual);
    } catch (NumberFormatException notNumbers) {
      return documented.equals(actual);
    }
  }
}
