package dev.dronedispatch.dispatch.topology;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The charging decisions as {@code [charge][<reason>] <drone> k=v ...} lines, a format operators
 * grep for (the reasons are those of the fleet events and feasibility misses); enabled by
 * DEBUG_CHARGE. Repeated observations (a miss already counted) go at DEBUG level only.
 */
public final class ChargeLog {

  private static final Logger log = LoggerFactory.getLogger("dispatcher.charge");

  private final boolean enabled;

  public ChargeLog(boolean enabled) {
    this.enabled = enabled;
  }

  public void line(String reason, String droneId, Object... kv) {
    if (enabled) {
      log.info(format(reason, droneId, kv));
    }
  }

  public void debug(String reason, String droneId, Object... kv) {
    if (enabled && log.isDebugEnabled()) {
      log.debug(format(reason, droneId, kv));
    }
  }

  private static String format(String reason, String droneId, Object... kv) {
    StringBuilder sb = new StringBuilder("[charge][").append(reason).append("] ").append(droneId);
    for (int i = 0; i + 1 < kv.length; i += 2) {
      sb.append(' ').append(kv[i]).append('=').append(kv[i + 1]);
    }
    return sb.toString();
  }
}
