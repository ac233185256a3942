package dev.dronedispatch.kv.storage;

/** What a node's compare-and-set did. */
public sealed interface CasOutcome {

  /** Written: {@code record} is the new stored record. */
  record Applied(StoredRecord record) implements CasOutcome {}

  /** The expectation failed; {@code current} is what is stored (null if never written). */
  record Conflict(StoredRecord current) implements CasOutcome {}

  /** A newer fencing token for {@code lockName} was seen already. */
  record Fenced(String lockName, long highest) implements CasOutcome {}
}
