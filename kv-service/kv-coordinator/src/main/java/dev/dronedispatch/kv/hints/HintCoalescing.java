package dev.dronedispatch.kv.hints;

import dev.dronedispatch.kv.storage.LastWriteWins;
import dev.dronedispatch.kv.storage.StoredRecord;

/**
 * Pure: hints are kept one per (node, key) and only the newest write matters, since the receiver
 * applies last-write-wins anyway. A replayed hint is removed only if no newer one replaced it.
 */
public final class HintCoalescing {

  private HintCoalescing() {}

  /** The record to keep when {@code incoming} is hinted over {@code existing} (may be null). */
  public static StoredRecord merge(StoredRecord existing, StoredRecord incoming) {
    return LastWriteWins.newest(existing, incoming);
  }

  /** Whether the stored hint is still the one that was replayed (so it may be deleted). */
  public static boolean replayed(StoredRecord stored, StoredRecord sent) {
    return stored != null && LastWriteWins.compare(stored, sent) == 0;
  }
}
