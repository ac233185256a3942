package dev.dronedispatch.kv.client;

import java.time.Instant;

/** The outcome of a lock acquisition. */
public sealed interface LockResult {

  /** The caller holds the lock now. */
  record Acquired(LockLease lease) implements LockResult {}

  /** Someone else holds it until {@code expiresAt}. */
  record Held(Instant expiresAt) implements LockResult {}
}
