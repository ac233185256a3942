package dev.dronedispatch.kv.storage;

import dev.dronedispatch.kv.lock.LockState;

/**
 * What a lock operation did: {@code done} whether it took effect, {@code state} the lock now,
 * {@code record} the stored record (to replicate) when it changed.
 */
public record LockOutcome(boolean done, LockState state, StoredRecord record) {}
