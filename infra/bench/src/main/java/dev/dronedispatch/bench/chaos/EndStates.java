package dev.dronedispatch.bench.chaos;

import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.kv.KvKeys;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where the acknowledged deliveries stand in the KV, the system's source of truth: missing (an
 * acknowledged write lost), still under way, delivered, failed with its reason, or failed without
 * one (a contract violation).
 */
record EndStates(
    Set<String> missing,
    Set<String> underWay,
    int delivered,
    Map<String, Integer> failedByReason,
    Set<String> failedWithoutReason) {

  private static final int BATCH = 500;

  static EndStates read(KvClient kv, Collection<String> acked) {
    Set<String> missing = new TreeSet<>();
    Set<String> underWay = new TreeSet<>();
    Set<String> failedWithoutReason = new TreeSet<>();
    Map<String, Integer> failedByReason = new TreeMap<>();
    int delivered = 0;
    List<String> ids = new ArrayList<>(acked);
    for (int from = 0; from < ids.size(); from += BATCH) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + BATCH));
      Map<String, KvEntry> stored =
          kv.getAll(chunk.stream().map(KvKeys::delivery).toList()).block();
      for (String id : chunk) {
        KvEntry entry = stored.get(KvKeys.delivery(id));
        if (entry == null) {
          missing.add(id);
          continue;
        }
        DeliveryDocument doc = Json.mapper().treeToValue(entry.value(), DeliveryDocument.class);
        if (doc.status() == DeliveryStatus.DELIVERED) {
          delivered++;
        } else if (doc.status() == DeliveryStatus.FAILED) {
          if (doc.failureReason() == null || doc.failureReason().isBlank()) {
            failedWithoutReason.add(id);
          } else {
            failedByReason.merge(doc.failureReason(), 1, Integer::sum);
          }
        } else {
          underWay.add(id);
        }
      }
    }
    return new EndStates(missing, underWay, delivered, failedByReason, failedWithoutReason);
  }

  int failed() {
    return failedByReason.values().stream().mapToInt(Integer::intValue).sum()
        + failedWithoutReason.size();
  }

  String render() {
    return String.format(
        "delivered=%d failed=%s failed_without_reason=%d under_way=%d missing=%d",
        delivered, failedByReason, failedWithoutReason.size(), underWay.size(), missing.size());
  }
}
