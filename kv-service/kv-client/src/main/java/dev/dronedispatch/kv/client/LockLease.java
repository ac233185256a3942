package dev.dronedispatch.kv.client;

import java.time.Instant;

/**
 * A held lock. {@code token} strictly increases per lock name across holders, expiry and restarts,
 * so a write fenced by it is refused once someone else holds the lock.
 */
public record LockLease(String name, String owner, long token, Instant expiresAt) {}
