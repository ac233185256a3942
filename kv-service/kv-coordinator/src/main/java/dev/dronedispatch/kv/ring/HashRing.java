package dev.dronedispatch.kv.ring;

import dev.dronedispatch.kv.digest.KeyToken;
import dev.dronedispatch.kv.digest.RingSegments;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A consistent-hash ring with virtual nodes: each node owns {@code vnodes} points (MD5 of "id#i"),
 * a key maps to the first point clockwise of MD5(key). Adding or removing a node moves only the
 * keys of the arcs it gains or loses (about 1/N), unlike the original's hash-mod-N.
 */
public final class HashRing {

  private final List<NodeRef> nodes;
  private final RingSegments segments;
  private final NodeRef[] owners;

  public HashRing(List<NodeRef> nodes, int vnodes) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a ring needs at least one node");
    }
    if (vnodes < 1) {
      throw new IllegalArgumentException("vnodes must be >= 1");
    }
    this.nodes = List.copyOf(nodes);
    record Point(long hash, NodeRef node) {}
    List<Point> all = new ArrayList<>(nodes.size() * vnodes);
    for (NodeRef n : nodes) {
      for (int i = 0; i < vnodes; i++) {
        all.add(new Point(KeyToken.of(n.id() + "#" + i), n));
      }
    }
    all.sort(
        (a, b) -> {
          int c = Long.compareUnsigned(a.hash(), b.hash());
          return c != 0 ? c : a.node().id().compareTo(b.node().id());
        });
    long[] points = new long[all.size()];
    owners = new NodeRef[all.size()];
    for (int i = 0; i < all.size(); i++) {
      points[i] = all.get(i).hash();
      owners[i] = all.get(i).node();
    }
    segments = new RingSegments(points);
  }

  public List<NodeRef> nodes() {
    return nodes;
  }

  /** The arcs between the ring's points; every key of one arc has the same preference list. */
  public RingSegments segments() {
    return segments;
  }

  /** Every node, in the order the ring visits them clockwise from the key's position. */
  public List<NodeRef> walk(String key) {
    return walkFrom(segments.segmentOf(key));
  }

  /** The key's preference list: the first {@code rf} distinct nodes clockwise. */
  public List<NodeRef> preferenceList(String key, int rf) {
    return firstOf(walk(key), rf);
  }

  /** The preference list of every key in segment {@code segment} of {@link #segments()}. */
  public List<NodeRef> preferenceListOfSegment(int segment, int rf) {
    return firstOf(walkFrom(segment), rf);
  }

  private List<NodeRef> walkFrom(int point) {
    Set<NodeRef> seen = new LinkedHashSet<>();
    for (int step = 0; step < owners.length && seen.size() < nodes.size(); step++) {
      seen.add(owners[(point + step) % owners.length]);
    }
    return List.copyOf(seen);
  }

  private static List<NodeRef> firstOf(List<NodeRef> walk, int rf) {
    return walk.subList(0, Math.min(rf, walk.size()));
  }
}
