package dev.dronedispatch.dispatch.topology;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The original's {@code [charge][<reason>] <drone> k=v ...} lines (seed-behaviour §9.10), which
 * tooling greps; enabled by DEBUG_CHARGE.
 */
public final class ChargeLog {

  private static final Logger log = LoggerFactory.getLogger("dispatcher.charge");

  private final boolean enabled;

  public ChargeLog(boolean enabled) {
    this.enabled = enabled;
  }

  public void line(String reason, String droneId, Object... kv) {
    if (!enabled) {
      return;
    }
    StringBuilder sb = new StringBuilder("[charge][").append(reason).append("] ").append(droneId);
    for (int i = 0; i + 1 < kv.length; i += 2) {
      sb.append(' ').append(kv[i]).append('=').append(kv[i + 1]);
    }
    log.info(sb.toString());
  }
}
