package dev.dronedispatch.kv.wire;

import dev.dronedispatch.kv.lock.LockState;
import dev.dronedispatch.kv.web.ApiException;
import dev.dronedispatch.kv.web.Call;
import dev.dronedispatch.kv.web.Json;
import tools.jackson.databind.node.ObjectNode;

/** A lock as the node's and the coordinator's {@code /lock} endpoints read and answer it. */
public final class LockJson {

  private LockJson() {}

  /**
   * The holder's view, {@code {name, held, owner?, token, expires_at, expires_at_ms}} as of {@code
   * nowMs}: only for an answer to the holder (a successful acquire, renew or release) or inside the
   * system.
   */
  public static ObjectNode of(String name, LockState s, long nowMs) {
    return publicView(name, s, nowMs).put("token", s.token());
  }

  /**
   * What anyone may see, {@code {name, held, owner?, expires_at, expires_at_ms}}: without the
   * token, which with the owner would let any caller renew or release the holder's lock.
   */
  public static ObjectNode publicView(String name, LockState s, long nowMs) {
    ObjectNode n = Json.object().put("name", name);
    n.put("held", s.heldAt(nowMs));
    if (s.owner() != null) {
      n.put("owner", s.owner());
    }
    n.put("expires_at", s.expiresAtMs() / 1000.0);
    n.put("expires_at_ms", s.expiresAtMs());
    return n;
  }

  /** {@code ttl_sec} (default 30, the original's), fractional allowed, 0 < ttl <= 1 day. */
  public static long ttlMs(Call call) {
    double ttl = call.queryDouble("ttl_sec", 30);
    if (!(ttl > 0) || ttl > 86_400) {
      throw ApiException.malformed("ttl_sec must be > 0 and <= 86400");
    }
    return Math.max(1, Math.round(ttl * 1000));
  }
}
