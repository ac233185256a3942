package dev.dronedispatch.kv.client;

import java.util.Optional;

/**
 * Live keys starting with {@code prefix}, in key order (descending when {@code reverse}), from
 * {@code start} exclusive when given (the last key of the previous page), at most {@code limit}.
 */
public record ScanQuery(String prefix, Optional<String> start, int limit, boolean reverse) {

  public ScanQuery {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1");
    }
  }

  public static ScanQuery prefix(String prefix, int limit) {
    return new ScanQuery(prefix, Optional.empty(), limit, false);
  }

  public ScanQuery reversed() {
    return new ScanQuery(prefix, start, limit, !reverse);
  }

  public ScanQuery after(String lastKey) {
    return new ScanQuery(prefix, Optional.of(lastKey), limit, reverse);
  }
}
