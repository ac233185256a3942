package dev.dronedispatch.kv.antientropy;

import dev.dronedispatch.kv.digest.RecordVersion;
import dev.dronedispatch.kv.ring.NodeRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Anti-entropy's second comparison, pure: given the versions each replica of a divergent segment
 * holds, which copies must travel. Per key the newest version under last-write-wins is found and
 * every replica holding no copy or an older one is a target; equal versions are left alone. The
 * copies are then sent as last-write-wins applies, so a write that lands meanwhile is never undone.
 */
public final class RepairPlan {

  private RepairPlan() {}

  /** {@code versions}: per replica (in preference order), the versions it holds in the segment. */
  public static List<Repair> of(Map<NodeRef, List<RecordVersion>> versions) {
    Map<String, Map<NodeRef, RecordVersion>> byKey = new TreeMap<>();
    versions.forEach(
        (node, list) ->
            list.forEach(v -> byKey.computeIfAbsent(v.key(), k -> new HashMap<>()).put(node, v)));
    List<Repair> out = new ArrayList<>();
    byKey.forEach(
        (key, held) -> {
          NodeRef source = null;
          RecordVersion newest = null;
          for (NodeRef node : versions.keySet()) {
            RecordVersion v = held.get(node);
            if (v != null && (newest == null || v.newerThan(newest))) {
              newest = v;
              source = node;
            }
          }
          List<NodeRef> targets = new ArrayList<>();
          for (NodeRef node : versions.keySet()) {
            RecordVersion v = held.get(node);
            if (v == null || newest.newerThan(v)) {
              targets.add(node);
            }
          }
          if (!targets.isEmpty()) {
            out.add(new Repair(key, source, targets));
          }
        });
    return out;
  }
}
