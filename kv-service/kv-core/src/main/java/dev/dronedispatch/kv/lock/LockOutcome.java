package dev.dronedispatch.kv.lock;

import dev.dronedispatch.kv.storage.StoredRecord;

/**
 * What a lock operation did: {@code done} whether it took effect, {@code state} the lock now,
 * {@code record} the stored record (to replicate) when it changed.
 */
public record LockOutcome(boolean done, LockState state, StoredRecord record) {}
