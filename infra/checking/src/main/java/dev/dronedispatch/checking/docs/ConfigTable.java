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
 * {@code | `A`, `B` | 2, 2 | … |} for several) gives each name its documented default. A test then
 * holds the README to the code's own defaults, as the events test holds docs/events.md to the
 * records.
 */
public record ConfigTable(Map<String, String> defaults) {

  private static final Pattern NAME = Pattern.compile("`([A-Z][A-Z0-9_]*)`");

  public ConfigTable {
    defaults = Map.copyOf(defaults);
  }

  public static ConfigTable read(Path markdown) throws IOException {
    return parse(Files.readString(markdown));
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
      String[] values = cells[2].replace("`", "").trim().split(",\\s+");
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

  private static boolean sameValue(String documented, String actual) {
    try {
      return Double.parseDouble(documented) == Double.parseDouble(actual);
    } catch (NumberFormatException notNumbers) {
      return documented.equals(actual);
    }
  }
}
