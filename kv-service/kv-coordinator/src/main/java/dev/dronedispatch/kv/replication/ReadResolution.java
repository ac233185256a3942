package dev.dronedispatch.kv.replication;

import dev.dronedispatch.kv.ring.NodeRef;
import dev.dronedispatch.kv.storage.LastWriteWins;
import dev.dronedispatch.kv.storage.StoredRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pure: the newest record among replica answers (last-write-wins on HLC), and the replicas that
 * answered with an older record or with nothing at all (the ones read repair writes to).
 */
public final class ReadResolution {

  /** One replica's answer: the record it holds, or empty when it has none. */
  public record Answer(NodeRef node, Optional<StoredRecord> record) {}

  public record Resolved(Optional<StoredRecord> newest, List<NodeRef> stale) {}

  private ReadResolution() {}

  public static Resolved resolve(List<Answer> answers) {
    StoredRecord best = null;
    for (Answer a : answers) {
      best = LastWriteWins.newest(best, a.record().orElse(null));
    }
    List<NodeRef> stale = new ArrayList<>();
    if (best != null) {
      for (Answer a : answers) {
        if (a.record().isEmpty() || LastWriteWins.compare(best, a.record().get()) > 0) {
          stale.add(a.node());
        }
      }
    }
    return new Resolved(Optional.ofNullable(best), stale);
  }

  /** Whether any answer came from one of the key's own {@code replicas} (not a stand-in). */
  public static boolean anyFrom(List<Answer> answers, List<NodeRef> replicas) {
    for (Answer a : answers) {
      if (replicas.contains(a.node())) {
        return true;
      }
    }
    return false;
  }
}
