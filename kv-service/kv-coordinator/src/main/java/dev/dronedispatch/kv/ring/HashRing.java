package dev.dronedispatch.kv.ring;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
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
  private final int vnodes;
  private final long[] points;
  private final NodeRef[] owners;

  public HashRing(List<NodeRef> nodes, int vnodes) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a ring needs at least one node");
    }
    if (vnodes < 1) {
      throw new IllegalArgumentException("vnodes must be >= 1");
    }
    this.nodes = List.copyOf(nodes);
    this.vnodes = vnodes;
    record Point(long hash, NodeRef node) {}
    List<Point> all = new ArrayList<>(nodes.size() * vnodes);
    for (NodeRef n : nodes) {
      for (int i = 0; i < vnodes; i++) {
        all.add(new Point(hash(n.id() + "#" + i), n));
      }
    }
    all.sort(
        (a, b) -> {
          int c = Long.compareUnsigned(a.hash(), b.hash());
          return c != 0 ? c : a.node().id().compareTo(b.node().id());
        });
    points = new long[all.size()];
    owners = new NodeRef[all.size()];
    for (int i = 0; i < all.size(); i++) {
      points[i] = all.get(i).hash();
      owners[i] = all.get(i).node();
    }
  }

  public List<NodeRef> nodes() {
    return nodes;
  }

  public int vnodes() {
    return vnodes;
  }

  /** Every node, in the order the ring visits them clockwise from the key's position. */
  public List<NodeRef> walk(String key) {
    long h = hash(key);
    int i = firstAtOrAfter(h);
    Set<NodeRef> seen = new LinkedHashSet<>();
    for (int step = 0; step < points.length && seen.size() < nodes.size(); step++) {
      seen.add(owners[(i + step) % points.length]);
    }
    return List.copyOf(seen);
  }

  /** The key's preference list: the first {@code rf} distinct nodes clockwise. */
  public List<NodeRef> preferenceList(String key, int rf) {
    List<NodeRef> w = walk(key);
    return w.subList(0, Math.min(rf, w.size()));
  }

  private int firstAtOrAfter(long h) {
    int lo = 0;
    int hi = points.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Long.compareUnsigned(points[mid], h) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo == points.length ? 0 : lo;
  }

  /** The first 8 bytes of MD5, as an unsigned position on the ring. */
  public static long hash(String s) {
    byte[] d = MD5.get().digest(s.getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.wrap(Arrays.copyOf(d, 8)).getLong();
  }

  private static final ThreadLocal<MessageDigest> MD5 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException(e);
            }
          });
}
