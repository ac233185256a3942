package dev.dronedispatch.kv.ring;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Pure placement decisions over a key's ring walk: where writes go (sloppy quorum), which nodes a
 * read asks, and which node is the key's acting primary.
 */
public final class Placement {

  /**
   * Write to {@code node}; when it stands in for a down replica, {@code hintFor} names that one.
   */
  public record Target(NodeRef node, Optional<NodeRef> hintFor) {}

  private Placement() {}

  /**
   * For each of the first {@code rf} nodes of {@code walk}: itself when healthy, else the next
   * healthy node of the walk not used yet, carrying a hint for it. Replicas with no stand-in left
   * are missing from the answer (the write is degraded).
   */
  public static List<Target> writeTargets(List<NodeRef> walk, int rf, Predicate<NodeRef> healthy) {
    int n = Math.min(rf, walk.size());
    List<Target> out = new ArrayList<>(n);
    List<NodeRef> used = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (healthy.test(walk.get(i))) {
        used.add(walk.get(i));
      }
    }
    int next = n;
    for (int i = 0; i < n; i++) {
      NodeRef intended = walk.get(i);
      if (healthy.test(intended)) {
        out.add(new Target(intended, Optional.empty()));
        continue;
      }
      while (next < walk.size()
          && (!healthy.test(walk.get(next)) || used.contains(walk.get(next)))) {
        next++;
      }
      if (next < walk.size()) {
        used.add(walk.get(next));
        out.add(new Target(walk.get(next), Optional.of(intended)));
        next++;
      }
    }
    return out;
  }

  /** The nodes a read asks: where writes go now (the healthy replicas and their stand-ins). */
  public static List<NodeRef> readSet(List<NodeRef> walk, int rf, Predicate<NodeRef> healthy) {
    List<NodeRef> out = new ArrayList<>();
    for (Target t : writeTargets(walk, rf, healthy)) {
      out.add(t.node());
    }
    return out;
  }

  /** The first healthy node of the preference list (the first {@code rf} of the walk). */
  public static Optional<NodeRef> primary(List<NodeRef> walk, int rf, Predicate<NodeRef> healthy) {
    for (int i = 0; i < Math.min(rf, walk.size()); i++) {
      if (healthy.test(walk.get(i))) {
        return Optional.of(walk.get(i));
      }
    }
    return Optional.empty();
  }
}
