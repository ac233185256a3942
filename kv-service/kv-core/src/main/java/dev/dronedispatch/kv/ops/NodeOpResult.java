package dev.dronedispatch.kv.ops;

import dev.dronedispatch.kv.lock.LockOutcome;
import dev.dronedispatch.kv.storage.CasOutcome;
import dev.dronedispatch.kv.storage.StoredRecord;
import java.util.Optional;

/** A node's answer to one {@link NodeOp}, in the order of the request. */
public sealed interface NodeOpResult {

  /** For {@link NodeOp.Get}. */
  record Found(Optional<StoredRecord> record) implements NodeOpResult {}

  /** For {@link NodeOp.Apply}: whether it replaced the stored record, and what is stored now. */
  record Applied(boolean applied, StoredRecord stored) implements NodeOpResult {}

  /** For {@link NodeOp.Release}: whether the copy was dropped. */
  record Released(boolean dropped) implements NodeOpResult {}

  /** For {@link NodeOp.Cas}. */
  record CasDone(CasOutcome outcome) implements NodeOpResult {}

  /** For {@link NodeOp.Lock}. */
  record Locked(LockOutcome outcome) implements NodeOpResult {}
}
