package dev.dronedispatch.dispatch.assignment;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The drones a pick leaves out: the union of a few sets, read in place. A round picks up to a few
 * hundred times over sets that grow as it goes (drones given, held, reserved for older deliveries);
 * copying them into one set per pick made the round quadratic. The sets must not change while a
 * pick runs; a pick keeps no reference once it returns.
 */
public record Exclusions(List<Set<String>> parts) {

  public static final Exclusions NONE = new Exclusions(List.of());

  public Exclusions {
    parts = List.copyOf(parts);
  }

  /** The union of {@code parts}, each read in place. */
  @SafeVarargs
  public static Exclusions of(Set<String>... parts) {
    return new Exclusions(List.of(parts));
  }

  /** These exclusions and {@code more}. */
  public Exclusions and(Set<String> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<Set<String>> all = new ArrayList<>(parts.size() + 1);
    all.addAll(parts);
    all.add(more);
    return new Exclusions(all);
  }

  public boolean contains(String droneId) {
    for (Set<String> part : parts) {
      if (part.contains(droneId)) {
        return true;
      }
    }
    return false;
  }
}
