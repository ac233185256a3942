package dev.dronedispatch.kv.client;

import java.util.Optional;

/**
 * The answer to one operation of a {@link KvClient#batch}, in the types its single-key call answers
 * with — or, instead, that this one operation could not be served while the others were.
 */
public sealed interface KvOpResult {

  /** A {@link KvOp.Get}'s answer: the live entry, or empty. */
  record Read(Optional<KvEntry> entry) implements KvOpResult {}

  /** A {@link KvOp.Put}'s or {@link KvOp.Delete}'s acknowledgement. */
  record Written(WriteResult write) implements KvOpResult {}

  /** A {@link KvOp.CompareAndSet}'s outcome. */
  record Compared(CasResult cas) implements KvOpResult {}

  /**
   * The operation failed as its single call would have with {@link KvUnavailableException} (for
   * example its key's replicas are unreachable); a write's outcome is then unknown.
   */
  record Unavailable(String detail) implements KvOpResult {}
}
