package dev.dronedispatch.kv.antientropy;

import dev.dronedispatch.kv.digest.SegmentDigest;
import dev.dronedispatch.kv.ring.NodeRef;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * Anti-entropy's first comparison, pure: the ring segments whose replicas' digests differ. A
 * segment is compared only when every one of its replicas answered with a digest list for the same
 * ring, so a node that is down or failed leaves its segments for a later round.
 */
public final class DivergentSegments {

  private DivergentSegments() {}

  /**
   * {@code replicasOf}: a segment's replicas; {@code digests}: each answering node's digests, one
   * per segment, in segment order.
   */
  public static Set<Integer> of(
      int segmentCount,
      IntFunction<List<NodeRef>> replicasOf,
      Map<NodeRef, List<SegmentDigest>> digests) {
    Set<Integer> out = new TreeSet<>();
    for (int s = 0; s < segmentCount; s++) {
      List<NodeRef> replicas = replicasOf.apply(s);
      if (replicas.size() < 2 || !answeredAll(replicas, digests, segmentCount)) {
        continue;
      }
      SegmentDigest first = digests.get(replicas.get(0)).get(s);
      for (NodeRef r : replicas.subList(1, replicas.size())) {
        if (!digests.get(r).get(s).equals(first)) {
          out.add(s);
          break;
        }
      }
    }
    return out;
  }

  /**
   * Per segment whose replicas all answered, the other answering nodes whose digest counts records
   * there: copies outside the segment's homes (a stand-in's, whose hint was lost).
   */
  public static Map<Integer, Set<NodeRef>> strayHolders(
      int segmentCount,
      IntFunction<List<NodeRef>> replicasOf,
      Map<NodeRef, List<SegmentDigest>> digests) {
    Map<Integer, Set<NodeRef>> out = new TreeMap<>();
    for (int s = 0; s < segmentCount; s++) {
      List<NodeRef> replicas = replicasOf.apply(s);
      if (!answeredAll(replicas, digests, segmentCount)) {
        continue;
      }
      for (Map.Entry<NodeRef, List<SegmentDigest>> e : digests.entrySet()) {
        if (!replicas.contains(e.getKey())
            && e.getValue().size() == segmentCount
            && e.getValue().get(s).count() > 0) {
          out.computeIfAbsent(s, k -> new LinkedHashSet<>()).add(e.getKey());
        }
      }
    }
    return out;
  }

  private static boolean answeredAll(
      List<NodeRef> replicas, Map<NodeRef, List<SegmentDigest>> digests, int segmentCount) {
    return replicas.stream()
        .allMatch(r -> digests.containsKey(r) && digests.get(r).size() == segmentCount);
  }
}
