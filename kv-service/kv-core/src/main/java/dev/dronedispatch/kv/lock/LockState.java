package dev.dronedispatch.kv.lock;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A lock as stored (replicated like any record under {@link #keyOf} its name): the holder ({@code
 * owner} null when free), the last fencing token handed out, and the expiry in epoch ms.
 */
public record LockState(
    @JsonProperty("owner") String owner,
    @JsonProperty("token") long token,
    @JsonProperty("expires_at_ms") long expiresAtMs) {

  /** Internal keys start with NUL, which client keys may not contain. */
  public static final String KEY_PREFIX = "\u0000lock:";

  public static final LockState NEVER_HELD = new LockState(null, 0, 0);

  public static String keyOf(String name) {
    return KEY_PREFIX + name;
  }

  public boolean heldAt(long nowMs) {
    return owner != null && expiresAtMs > nowMs;
  }

  public boolean heldBy(String who, long withToken, long nowMs) {
    return heldAt(nowMs) && owner.equals(who) && token == withToken;
  }
}
