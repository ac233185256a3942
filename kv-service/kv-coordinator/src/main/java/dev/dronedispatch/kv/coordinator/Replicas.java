package dev.dronedispatch.kv.coordinator;

import dev.dronedispatch.kv.ring.NodeRef;
import dev.dronedispatch.kv.storage.StoredRecord;
import java.util.List;
import java.util.Optional;

/**
 * Where a key lives: its preference list, its acting primary, and what every node of its ring walk
 * holds, in walk order.
 */
public record Replicas(
    String key, int rf, List<NodeRef> preferenceList, Optional<NodeRef> primary, List<Copy> nodes) {

  /** A node's part for the key. */
  public enum Role {
    PRIMARY,
    REPLICA,
    OTHER
  }

  /**
   * One node: its role, whether it answered, its record of the key (tombstones included), and
   * whether a hint for it and this key is pending.
   */
  public record Copy(
      NodeRef node,
      Role role,
      boolean reachable,
      Optional<StoredRecord> record,
      boolean pendingHint) {

    /** Whether the node holds a live value of the key. */
    public boolean hasKey() {
      return record.filter(StoredRecord::live).isPresent();
    }
  }
}
