package dev.dronedispatch.kv.coordinator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pure: the order a batch's operations must keep — on one key, the batch's own order. */
final class BatchOrder {

  private BatchOrder() {}

  /**
   * The operations' indices grouped by key, each group in batch order; groups in the order their
   * keys first appear. Groups are independent of each other.
   */
  static List<List<Integer>> chains(List<String> keys) {
    Map<String, List<Integer>> byKey = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      byKey.computeIfAbsent(keys.get(i), k -> new ArrayList<>()).add(i);
    }
    return List.copyOf(byKey.values());
  }
}
