package dev.dronedispatch.kv.ops;

import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.Fence;
import dev.dronedispatch.kv.lock.LockAction;
import dev.dronedispatch.kv.lock.LockState;
import dev.dronedispatch.kv.storage.StoredRecord;
import java.util.Optional;

/**
 * One record-level operation the coordinator asks a node for. Many travel together in one HTTP
 * request ({@link dev.dronedispatch.kv.ops.NodeOpCodec}), so the per-request cost is shared when
 * the coordinator is busy.
 */
public sealed interface NodeOp {

  String key();

  /** The node's record for the key, tombstones included. */
  record Get(String key) implements NodeOp {}

  /** Last-write-wins apply: stored only if newer than what the node has. */
  record Apply(String key, StoredRecord record) implements NodeOp {}

  /**
   * Drops the node's copy of the key if it is not newer than {@code handedBack}: the copy a
   * stand-in kept for a replica that now holds {@code handedBack} (or newer). A newer copy is a
   * later write and stays.
   */
  record Release(String key, StoredRecord handedBack) implements NodeOp {}

  /**
   * An unconditional write decided at the node, as a compare-and-set that always holds: the node
   * gives it the next version and a timestamp above both its current copy's and {@code floorTs}
   * (the coordinator's clock), so every write of a key is ordered at its primary whichever
   * coordinator sent it. {@code newValue} null writes a tombstone.
   */
  record Put(String key, byte[] newValue, long floorTs) implements NodeOp {}

  /**
   * Compare-and-set at the node; {@code newValue} null writes a tombstone; the new write's
   * timestamp exceeds {@code floorTs} (the coordinator's clock).
   */
  record Cas(String key, Expectation expected, byte[] newValue, long floorTs, Optional<Fence> fence)
      implements NodeOp {}

  /**
   * A lock operation at the node holding the lock's record ({@link LockState#keyOf} its name); the
   * changed record's timestamp exceeds {@code floorTs} (the coordinator's clock).
   */
  record Lock(String name, LockAction action, long floorTs) implements NodeOp {
    @Override
    public String key() {
      return LockState.keyOf(name);
    }
  }
}
