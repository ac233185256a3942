package dev.dronedispatch.kv.hints;

import dev.dronedispatch.kv.storage.LastWriteWins;
import dev.dronedispatch.kv.storage.StoredRecord;
import java.util.HashSet;
import java.util.Set;

/**
 * Pure: hints are kept one per (node, key) and only the newest write matters, since the receiver
 * applies last-write-wins anyway; every stand-in that took a copy of any of the coalesced writes is
 * kept, so each copy gets released. A replayed hint is removed only if nothing was added since.
 */
public final class HintCoalescing {

  private HintCoalescing() {}

  /** The hint to keep when {@code incoming} is hinted over {@code existing} (may be null). */
  public static Hint merge(Hint existing, Hint incoming) {
    if (existing == null) {
      return incoming;
    }
    StoredRecord newest = LastWriteWins.newest(existing.record(), incoming.record());
    Set<String> standIns = new HashSet<>(existing.standIns());
    standIns.addAll(incoming.standIns());
    return new Hint(existing.nodeId(), existing.key(), newest, standIns);
  }

  /**
   * Whether the stored hint is still the one that was replayed (so it may be deleted): the same
   * record, and no stand-in whose copy was not released with it.
   */
  public static boolean replayed(Hint stored, Hint sent) {
    return stored != null
        && LastWriteWins.compare(stored.record(), sent.record()) == 0
        && sent.standIns().containsAll(stored.standIns());
  }
}
