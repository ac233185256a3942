package dev.dronedispatch.kv.client;

import java.util.Optional;

/** The outcome of a bounded read-modify-CAS loop ({@link KvDocuments#update}). */
public sealed interface UpdateOutcome<T> {

  /** The change was written; {@code current} is the stored result. */
  record Updated<T>(Versioned<T> current) implements UpdateOutcome<T> {}

  /** The change function declined on the latest value; nothing was written. */
  record Declined<T>(Optional<Versioned<T>> current) implements UpdateOutcome<T> {}

  /** Every attempt lost a race; nothing was written by this call. */
  record Contended<T>(int attempts) implements UpdateOutcome<T> {}

  /** The fencing lock was lost; nothing was written. */
  record Fenced<T>(String lockName) implements UpdateOutcome<T> {}

  default boolean updated() {
    return this instanceof Updated<T>;
  }
}
