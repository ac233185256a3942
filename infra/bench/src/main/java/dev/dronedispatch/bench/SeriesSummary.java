package dev.dronedispatch.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one summary line of a series of runs, from each run's line ({@code name: key=value ...}):
 * every performance figure is the median of the runs (each figure on its own, so the line need not
 * be one of the runs), and every count of a correctness defect is the total, so one run's double
 * assignment or lost order is never hidden by two clean ones. Pure.
 */
public final class SeriesSummary {

  /** The figures that count defects: summed over the runs. */
  public static final Set<String> TOTALS = Set.of("double", "lost");

  private SeriesSummary() {}

  /**
   * The summary of {@code lines}, each {@code <name>: key=value ...} with the same keys in the same
   * order; a value keeps the number of decimals it has in the first line.
   */
  public static String of(String name, List<String> lines) {
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("no run of " + name + " printed its summary line");
    }
    List<Map<String, String>> runs = lines.stream().map(l -> figures(name, l)).toList();
    StringBuilder out = new StringBuilder(name).append(':');
    for (Map.Entry<String, String> first : runs.get(0).entrySet()) {
      String key = first.getKey();
      List<Double> values = new ArrayList<>();
      for (Map<String, String> run : runs) {
        String v = run.get(key);
        if (v == null) {
          throw new IllegalArgumentException("a run of " + name + " has no " + key + "=");
        }
        values.add(Double.parseDouble(v));
      }
      double value =
          TOTALS.contains(key)
              ? values.stream().mapToDouble(Double::doubleValue).sum()
              : median(values);
      out.append(' ').append(key).append('=').append(format(value, decimals(first.getValue())));
    }
    return out.toString();
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static Map<String, String> figures(String name, String line) {
    String prefix = name + ":";
    if (!line.startsWith(prefix)) {
      throw new IllegalArgumentException("not a " + name + " summary line: " + line);
    }
    Map<String, String> figures = new LinkedHashMap<>();
    for (String part : line.substring(prefix.length()).trim().split("\\s+")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("not key=value: " + part);
      }
      figures.put(part.substring(0, eq), part.substring(eq + 1));
    }
    return figures;
  }

  private static int decimals(String value) {
    int dot = value.indexOf('.');
    return dot < 0 ? 0 : value.length() - dot - 1;
  }

  private static String format(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
