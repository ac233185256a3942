package dev.dronedispatch.kv.client;

import java.util.Optional;

/** The outcome of a compare-and-set. */
public sealed interface CasResult {

  boolean ok();

  /** The expectation held; {@code entry} is the value now stored. */
  record Applied(KvEntry entry) implements CasResult {
    @Override
    public boolean ok() {
      return true;
    }
  }

  /** The expectation did not hold; {@code current} is what is stored (empty if absent). */
  record Conflict(Optional<KvEntry> current) implements CasResult {
    @Override
    public boolean ok() {
      return false;
    }
  }

  /** The fence's lock is no longer held with its token; nothing was written. */
  record Fenced(String lockName) implements CasResult {
    @Override
    public boolean ok() {
      return false;
    }
  }
}
