package dev.dronedispatch.kv.antientropy;

import dev.dronedispatch.kv.digest.RecordVersion;
import dev.dronedispatch.kv.ring.NodeRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Anti-entropy's second comparison, pure: given the versions each holder of a segment's records
 * lists — its home replicas, and any other node still holding copies there (a stand-in whose hint
 * was lost) — which copies must travel and which may go. Per key the newest version under
 * last-write-wins is found among all holders and every home holding none or an older one gets it
 * ({@link Repair}); a copy outside the homes is dropped ({@link Release}) once every home holds it
 * or newer. Copies travel as last-write-wins applies and drops spare a copy newer than the one
 * handed back, so a write that lands meanwhile is never undone.
 */
public record SegmentPlan(List<Repair> repairs, List<Release> releases) {

  /** Drop {@code holder}'s copy of {@code key}: {@code home} holds it or a newer one. */
  public record Release(String key, NodeRef holder, NodeRef home) {}

  public SegmentPlan {
    repairs = List.copyOf(repairs);
    releases = List.copyOf(releases);
  }

  /**
   * {@code homes}: the segment's replicas in preference order, each with an entry in {@code
   * versions}; {@code versions}: per holder, the versions it lists in the segment.
   */
  public static SegmentPlan of(List<NodeRef> homes, Map<NodeRef, List<RecordVersion>> versions) {
    List<NodeRef> holders = new ArrayList<>(homes);
    versions.keySet().stream().filter(n -> !homes.contains(n)).forEach(holders::add);
    Map<String, Map<NodeRef, RecordVersion>> byKey = new TreeMap<>();
    versions.forEach(
        (node, list) ->
            list.forEach(v -> byKey.computeIfAbsent(v.key(), k -> new HashMap<>()).put(node, v)));
    List<Repair> repairs = new ArrayList<>();
    List<Release> releases = new ArrayList<>();
    byKey.forEach(
        (key, held) -> {
          NodeRef source = null;
          RecordVersion newest = null;
          for (NodeRef node : holders) {
            RecordVersion v = held.get(node);
            if (v != null && (newest == null || v.newerThan(newest))) {
              newest = v;
              source = node;
            }
          }
          List<NodeRef> targets = new ArrayList<>();
          for (NodeRef home : homes) {
            RecordVersion v = held.get(home);
            if (v == null || newest.newerThan(v)) {
              targets.add(home);
            }
          }
          if (!targets.isEmpty()) {
            repairs.add(new Repair(key, source, targets));
            return; // a stray copy goes in a later round, once the homes hold it
          }
          for (NodeRef holder : holders.subList(homes.size(), holders.size())) {
            if (held.containsKey(holder)) {
              releases.add(new Release(key, holder, homes.get(0)));
            }
          }
        });
    return new SegmentPlan(repairs, releases);
  }
}
