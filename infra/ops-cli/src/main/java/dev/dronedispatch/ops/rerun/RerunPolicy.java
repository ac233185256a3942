package dev.dronedispatch.ops.rerun;

import dev.dronedispatch.dispatch.config.DispatchConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The dispatcher settings a rerun plays: the documented defaults with the operator's {@code --set}
 * overrides, and a few the replay fixes because the recording, not the replayed dispatcher, decides
 * them.
 */
public final class RerunPolicy {

  /**
   * Requests are tried the moment they are fed (at their recorded decision); picking is never cut
   * short by the machine's speed; the fleet's statuses come from the recording, so neither the
   * autoscaler nor reconcile act on it.
   */
  static final Map<String, String> FIXED =
      Map.of(
          "NEW_ARRIVALS_BATCH_MS", "0",
          "ROUND_BUDGET_MS", "60000",
          "RECONCILE_INTERVAL_MS", "3600000",
          "AUTOSCALE_DISABLED", "1",
          "DEBUG_CHARGE", "0");

  private RerunPolicy() {}

  /** The defaults with {@code overrides}; an unknown or fixed name is refused. */
  public static DispatchConfig of(Map<String, String> overrides) {
    DispatchConfig defaults = DispatchConfig.defaults();
    Set<String> known = defaults.asEnv().keySet();
    for (String name : overrides.keySet()) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "--set "
                + name
                + ": not a dispatcher setting (settings: "
                + String.join(", ", known)
                + ")");
      }
      if (FIXED.containsKey(name)) {
        throw new IllegalArgumentException(
            "--set "
                + name
                + ": fixed by the rerun at "
                + FIXED.get(name)
                + " (see ops rerun --help)");
      }
    }
    Map<String, String> all = new HashMap<>(overrides);
    all.putAll(FIXED);
    return defaults.with(all);
  }
}
