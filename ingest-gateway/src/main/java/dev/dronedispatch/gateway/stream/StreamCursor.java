package dev.dronedispatch.gateway.stream;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where a /stream client is in the resumable topics: per topic code and partition, the next offset
 * to deliver. Encoded into every SSE id after a {@code |}, so the {@code Last-Event-ID} of a
 * reconnect says exactly what to replay. Format: {@code s:0=12,1=5;f:0=3}. Immutable.
 */
public final class StreamCursor {

  private final TreeMap<String, TreeMap<Integer, Long>> next;

  private StreamCursor(TreeMap<String, TreeMap<Integer, Long>> next) {
    this.next = next;
  }

  public static StreamCursor empty() {
    return new StreamCursor(new TreeMap<>());
  }

  public Optional<Long> next(EventKind kind, int partition) {
    TreeMap<Integer, Long> p = next.get(kind.code());
    return p == null ? Optional.empty() : Optional.ofNullable(p.get(partition));
  }

  public Map<Integer, Long> partitions(EventKind kind) {
    return next.getOrDefault(kind.code(), new TreeMap<>());
  }

  /** This cursor moved past {@code offset} (never backwards). */
  public StreamCursor advanced(EventKind kind, int partition, long offset) {
    Long current = next(kind, partition).orElse(null);
    if (current != null && current > offset) {
      return this;
    }
    TreeMap<String, TreeMap<Integer, Long>> copy = deepCopy();
    copy.computeIfAbsent(kind.code(), k -> new TreeMap<>()).put(partition, offset + 1);
    return new StreamCursor(copy);
  }

  /** Per partition the further of the two positions. */
  public StreamCursor max(StreamCursor other) {
    TreeMap<String, TreeMap<Integer, Long>> copy = deepCopy();
    other.next.forEach(
        (code, parts) ->
            parts.forEach(
                (p, o) -> copy.computeIfAbsent(code, k -> new TreeMap<>()).merge(p, o, Math::max)));
    return new StreamCursor(copy);
  }

  public String encode() {
    StringBuilder sb = new StringBuilder();
    next.forEach(
        (code, parts) -> {
          if (parts.isEmpty()) {
            return;
          }
          if (sb.length() > 0) {
            sb.append(';');
          }
          sb.append(code).append(':');
          boolean first = true;
          for (Map.Entry<Integer, Long> e : parts.entrySet()) {
            if (!first) {
              sb.append(',');
            }
            sb.append(e.getKey()).append('=').append(e.getValue());
            first = false;
          }
        });
    return sb.toString();
  }

  /** Parses an encoded cursor; empty when it is not one (a client's own id, garbage). */
  public static Optional<StreamCursor> parse(String encoded) {
    if (encoded == null || encoded.isBlank() || encoded.length() > 4096) {
      return Optional.empty();
    }
    TreeMap<String, TreeMap<Integer, Long>> next = new TreeMap<>();
    try {
      for (String topic : encoded.trim().split(";")) {
        int colon = topic.indexOf(':');
        String code = topic.substring(0, colon);
        EventKind kind = EventKind.ofCode(code);
        if (!kind.resumable()) {
          return Optional.empty();
        }
        TreeMap<Integer, Long> parts = new TreeMap<>();
        for (String part : topic.substring(colon + 1).split(",")) {
          int eq = part.indexOf('=');
          int p = Integer.parseInt(part.substring(0, eq));
          long o = Long.parseLong(part.substring(eq + 1));
          if (p < 0 || o < 0) {
            return Optional.empty();
          }
          parts.put(p, o);
        }
        next.put(code, parts);
      }
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    return Optional.of(new StreamCursor(next));
  }

  /** The cursor inside an SSE id ({@code s:3:1042|s:0=12;...} or {@code k|...}). */
  public static Optional<StreamCursor> fromEventId(String lastEventId) {
    if (lastEventId == null) {
      return Optional.empty();
    }
    int bar = lastEventId.indexOf('|');
    return bar < 0 ? Optional.empty() : parse(lastEventId.substring(bar + 1));
  }

  private TreeMap<String, TreeMap<Integer, Long>> deepCopy() {
    TreeMap<String, TreeMap<Integer, Long>> copy = new TreeMap<>();
    next.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
    return copy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StreamCursor c && c.next.equals(next);
  }

  @Override
  public int hashCode() {
    return next.hashCode();
  }

  @Override
  public String toString() {
    return encode();
  }
}
