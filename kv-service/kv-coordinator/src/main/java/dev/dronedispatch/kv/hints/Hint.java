package dev.dronedispatch.kv.hints;

import dev.dronedispatch.kv.storage.StoredRecord;
import java.util.Set;

/**
 * A write owed to node {@code nodeId} for {@code key}: the newest record it missed, and the ids of
 * the stand-in nodes that took copies in its place, to be released once it is delivered.
 */
public record Hint(String nodeId, String key, StoredRecord record, Set<String> standIns) {

  public Hint {
    standIns = Set.copyOf(standIns);
  }
}
