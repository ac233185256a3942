package dev.dronedispatch.kv.replication;

import dev.dronedispatch.kv.storage.KeyedRecord;
import dev.dronedispatch.kv.storage.LastWriteWins;
import dev.dronedispatch.kv.storage.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Pure: merges one page of a scan from every node. Per key the newest record wins (a tombstone
 * hides older copies elsewhere). Keys are certain only up to the bound: the earliest last key of
 * any node that returned a full page, since such a node may hold more keys after it.
 */
public final class ScanMerge {

  /** A node's page: its records in scan order, and whether it was full (more may follow). */
  public record Page(List<KeyedRecord> records, boolean full) {}

  /** The live records certain in this round, and where the next round starts (if any). */
  public record Round(List<KeyedRecord> live, Optional<String> resumeAfter) {}

  /** Key order of the stores: UTF-8 bytes, unsigned. */
  public static final Comparator<String> KEY_ORDER =
      (a, b) ->
          Arrays.compareUnsigned(
              a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  private ScanMerge() {}

  public static Round merge(List<Page> pages, boolean reverse) {
    Comparator<String> order = reverse ? KEY_ORDER.reversed() : KEY_ORDER;
    String bound = null;
    for (Page p : pages) {
      if (p.full() && !p.records().isEmpty()) {
        String last = p.records().get(p.records().size() - 1).key();
        if (bound == null || order.compare(last, bound) < 0) {
          bound = last;
        }
      }
    }
    Map<String, StoredRecord> newest = new TreeMap<>(order);
    for (Page p : pages) {
      for (KeyedRecord r : p.records()) {
        if (bound == null || order.compare(r.key(), bound) <= 0) {
          newest.merge(r.key(), r.record(), LastWriteWins::newest);
        }
      }
    }
    List<KeyedRecord> live = new ArrayList<>();
    for (Map.Entry<String, StoredRecord> e : newest.entrySet()) {
      if (e.getValue().live()) {
        live.add(new KeyedRecord(e.getKey(), e.getValue()));
      }
    }
    return new Round(live, Optional.ofNullable(bound));
  }
}
