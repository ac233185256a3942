package dev.dronedispatch.dispatch.config;

import dev.dronedispatch.dispatch.assignment.RankingKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every dispatcher parameter, with the original's names and defaults (original-behaviour.md §9.1)
 * and the new ones in the same style. {@link #fromEnv(Map)} reads environment variables; {@link
 * #defaults()} is the documented default set.
 *
 * @param assignerTick ASSIGNER_TICK_MS: wall-clock period of the retry/governance punctuator
 * @param newArrivalsBatch NEW_ARRIVALS_BATCH_MS: the shortest beat on which the requests that
 *     arrived meanwhile are assigned together in one batched commit (sooner when they fill a round;
 *     the beat lengthens with the KV work, up to 5 s; default 10 ms; 0 tries each request as it
 *     arrives)
 * @param pendingScanLimit PENDING_SCAN_LIMIT: pending deliveries looked at per round, oldest first
 * @param maxAssignPerRound MAX_ASSIGN_PER_ROUND: successful assignments per round at most
 * @param batteryPerKm BATTERY_PER_KM: planning consumption in % per km
 * @param safetyMarginPct SAFETY_MARGIN_PCT: added to the required %
 * @param nearEpsKm NEAR_EPS_KM: width of the distance bucket used for ranking
 * @param maxPickupKm MAX_PICKUP_KM: a candidate farther than this from the origin is rejected
 * @param arriveEpsKm ARRIVE_EPS_KM: arrival radius at origin and destination
 * @param criticalBattery CRITICAL_BATTERY: at or below this an idle drone goes charging
 * @param fullAfter FULL_AFTER: at or above this, at a charger, charging ends
 * @param earlyChargeThreshold EARLY_CHARGE_THRESHOLD: distinct infeasible deliveries before charge
 * @param dronePoolMax DRONE_POOL_MAX: cap of the autoscale target
 * @param baseActive BASE_ACTIVE: minimum total active target
 * @param scaleRatio SCALE_RATIO: target drones per pending delivery
 * @param autoscaleDisabled AUTOSCALE_DISABLED: 1 skips autoscale
 * @param autoscaleStall AUTOSCALE_STALL_SEC: a class whose oldest pending delivery waited this long
 *     gets one more active drone per period (default 30 s; 0 turns it off)
 * @param autoscaleMaxPerRound AUTOSCALE_MAX_PER_ROUND: drones one autoscale round activates or
 *     retires at most (default 1000: a cold fleet under a large backlog wakes within a few rounds)
 * @param autoscaleRetireAfter AUTOSCALE_RETIRE_AFTER_SEC: how long a class must stay over its
 *     target before its drones retire (default 30 s)
 * @param debugCharge DEBUG_CHARGE: 1 enables the {@code [charge]} log lines
 * @param allowLargerClass ALLOW_LARGER_CLASS: 1 lets a larger class carry a smaller package when no
 *     drone of the exact class is feasible (default 0, the original's exact matching)
 * @param ranking RANKING: comma-separated ranking keys, the original's order by default
 * @param gridRows GRID_ROWS
 * @param gridCols GRID_COLS
 * @param kvTimeout KV_TIMEOUT_MS: bound of every blocking KV call made by a processor
 * @param roundBudget ROUND_BUDGET_MS: wall-clock budget of a round's picking, counted from its
 *     first pick (default 300 ms; times the tasks of a stream thread it must stay well below the
 *     transaction timeout)
 * @param reconcileInterval RECONCILE_INTERVAL_MS: how often one busy drone is checked at most
 * @param overlayTtl OVERLAY_TTL_MS: how long an own decision overrides lagging telemetry
 * @param dedupRetention DEDUP_RETENTION_MS: how long a task remembers which statuses it emitted for
 *     a delivery, so a republished request is told apart from a replay after an aborted transaction
 *     (default 24 h)
 * @param fairnessSlack FAIRNESS_SLACK_MS: a delivery waiting in another task reserves its drone
 *     ahead of an own one only when it was requested more than this much earlier (default 500 ms),
 *     so clock jitter between gateways does not make tasks defer to each other back and forth
 * @param fairnessWindow FAIRNESS_WINDOW: the oldest pending deliveries per class each task shows
 *     the others on the backlog board (default 32)
 * @param backlogStaleAfter BACKLOG_STALE_MS: a task's backlog report older than this is ignored (a
 *     task that moved or died stops holding others back; default 5 s)
 * @param droneLostAfter DRONE_LOST_AFTER_MS: a drone that sent nothing for this long, or that holds
 *     a delivery and has not moved for this long, is lost (default 30 s; judged against the newest
 *     telemetry read, so a lagging reader or a stopped feed loses no drone)
 * @param pendingDeadline PENDING_DEADLINE_MS: a delivery no drone took this long after its request
 *     fails with reason {@code no_drone} (default 15 min)
 */
public record DispatchConfig(
    Duration assignerTick,
    Duration newArrivalsBatch,
    int pendingScanLimit,
    int maxAssignPerRound,
    double batteryPerKm,
    double safetyMarginPct,
    double nearEpsKm,
    double maxPickupKm,
    double arriveEpsKm,
    double criticalBattery,
    double fullAfter,
    int earlyChargeThreshold,
    int dronePoolMax,
    int baseActive,
    double scaleRatio,
    boolean autoscaleDisabled,
    Duration autoscaleStall,
    int autoscaleMaxPerRound,
    Duration autoscaleRetireAfter,
    boolean debugCharge,
    boolean allowLargerClass,
    List<RankingKey> ranking,
    int gridRows,
    int gridCols,
    Duration kvTimeout,
    Duration roundBudget,
    Duration reconcileInterval,
    Duration overlayTtl,
    Duration dedupRetention,
    Duration fairnessSlack,
    int fairnessWindow,
    Duration backlogStaleAfter,
    Duration droneLostAfter,
    Duration pendingDeadline) {

  public DispatchConfig {
    ranking = List.copyOf(ranking);
    if (pendingScanLimit < 1
        || maxAssignPerRound < 1
        || autoscaleMaxPerRound < 1
        || fairnessWindow < 0) {
      throw new IllegalArgumentException(
          "PENDING_SCAN_LIMIT, MAX_ASSIGN_PER_ROUND and AUTOSCALE_MAX_PER_ROUND must be >= 1,"
              + " FAIRNESS_WINDOW >= 0");
    }
    if (nearEpsKm <= 0 || arriveEpsKm <= 0) {
      throw new IllegalArgumentException("NEAR_EPS_KM and ARRIVE_EPS_KM must be > 0");
    }
    if (gridRows < 1 || gridCols < 1) {
      throw new IllegalArgumentException("GRID_ROWS and GRID_COLS must be >= 1");
    }
    if (newArrivalsBatch.isNegative() || assignerTick.isNegative() || assignerTick.isZero()) {
      throw new IllegalArgumentException(
          "NEW_ARRIVALS_BATCH_MS must be >= 0 and ASSIGNER_TICK_MS > 0");
    }
    if (droneLostAfter.toMillis() < 1000 || pendingDeadline.toMillis() < 1000) {
      throw new IllegalArgumentException(
          "DRONE_LOST_AFTER_MS and PENDING_DEADLINE_MS must be >= 1000");
    }
  }

  public static DispatchConfig defaults() {
    return fromEnv(Map.of());
  }

  /** Reads the parameters from environment-style variables; absent ones take the defaults. */
  public static DispatchConfig fromEnv(Map<String, String> env) {
    return fromLookup(env::get);
  }

  /** Reads the parameters through {@code lookup} (e.g. Spring's Environment). */
  public static DispatchConfig fromLookup(java.util.function.Function<String, String> lookup) {
    Reader r = new Reader(lookup);
    return new DispatchConfig(
        Duration.ofMillis(r.longValue("ASSIGNER_TICK_MS", 200)),
        Duration.ofMillis(r.longValue("NEW_ARRIVALS_BATCH_MS", 10)),
        r.intValue("PENDING_SCAN_LIMIT", 500),
        r.intValue("MAX_ASSIGN_PER_ROUND", 100),
        r.doubleValue("BATTERY_PER_KM", 2.0),
        r.doubleValue("SAFETY_MARGIN_PCT", 5.0),
        r.doubleValue("NEAR_EPS_KM", 0.2),
        r.doubleValue("MAX_PICKUP_KM", 20.0),
        r.doubleValue("ARRIVE_EPS_KM", 0.02),
        r.doubleValue("CRITICAL_BATTERY", 30.0),
        r.doubleValue("FULL_AFTER", 95.0),
        r.intValue("EARLY_CHARGE_THRESHOLD", 5),
        r.intValue("DRONE_POOL_MAX", 20),
        r.intValue("BASE_ACTIVE", 4),
        r.doubleValue("SCALE_RATIO", 0.8),
        r.flag("AUTOSCALE_DISABLED", false),
        Duration.ofSeconds(r.longValue("AUTOSCALE_STALL_SEC", 30)),
        r.intValue("AUTOSCALE_MAX_PER_ROUND", 1000),
        Duration.ofSeconds(r.longValue("AUTOSCALE_RETIRE_AFTER_SEC", 30)),
        r.flag("DEBUG_CHARGE", true),
        r.flag("ALLOW_LARGER_CLASS", false),
        RankingKey.parseList(r.string("RANKING", RankingKey.ORIGINAL_ORDER)),
        r.intValue("GRID_ROWS", 2),
        r.intValue("GRID_COLS", 2),
        Duration.ofMillis(r.longValue("KV_TIMEOUT_MS", 2000)),
        Duration.ofMillis(r.longValue("ROUND_BUDGET_MS", 300)),
        Duration.ofMillis(r.longValue("RECONCILE_INTERVAL_MS", 5000)),
        Duration.ofMillis(r.longValue("OVERLAY_TTL_MS", 5000)),
        Duration.ofMillis(r.longValue("DEDUP_RETENTION_MS", 24L * 3600 * 1000)),
        Duration.ofMillis(r.longValue("FAIRNESS_SLACK_MS", 500)),
        r.intValue("FAIRNESS_WINDOW", 32),
        Duration.ofMillis(r.longValue("BACKLOG_STALE_MS", 5000)),
        Duration.ofMillis(r.longValue("DRONE_LOST_AFTER_MS", 30_000)),
        Duration.ofMillis(r.longValue("PENDING_DEADLINE_MS", 15L * 60 * 1000)));
  }

  /** A copy with some values replaced, for tests and benchmarks. */
  public DispatchConfig with(Map<String, String> overrides) {
    Map<String, String> merged = new java.util.HashMap<>(asEnv());
    merged.putAll(overrides);
    return fromEnv(merged);
  }

  /** The parameters as environment variables (the inverse of {@link #fromEnv}). */
  public Map<String, String> asEnv() {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put("ASSIGNER_TICK_MS", Long.toString(assignerTick.toMillis()));
    m.put("NEW_ARRIVALS_BATCH_MS", Long.toString(newArrivalsBatch.toMillis()));
    m.put("PENDING_SCAN_LIMIT", Integer.toString(pendingScanLimit));
    m.put("MAX_ASSIGN_PER_ROUND", Integer.toString(maxAssignPerRound));
    m.put("BATTERY_PER_KM", Double.toString(batteryPerKm));
    m.put("SAFETY_MARGIN_PCT", Double.toString(safetyMarginPct));
    m.put("NEAR_EPS_KM", Double.toString(nearEpsKm));
    m.put("MAX_PICKUP_KM", Double.toString(maxPickupKm));
    m.put("ARRIVE_EPS_KM", Double.toString(arriveEpsKm));
    m.put("CRITICAL_BATTERY", Double.toString(criticalBattery));
    m.put("FULL_AFTER", Double.toString(fullAfter));
    m.put("EARLY_CHARGE_THRESHOLD", Integer.toString(earlyChargeThreshold));
    m.put("DRONE_POOL_MAX", Integer.toString(dronePoolMax));
    m.put("BASE_ACTIVE", Integer.toString(baseActive));
    m.put("SCALE_RATIO", Double.toString(scaleRatio));
    m.put("AUTOSCALE_DISABLED", autoscaleDisabled ? "1" : "0");
    m.put("AUTOSCALE_STALL_SEC", Long.toString(autoscaleStall.toSeconds()));
    m.put("AUTOSCALE_MAX_PER_ROUND", Integer.toString(autoscaleMaxPerRound));
    m.put("AUTOSCALE_RETIRE_AFTER_SEC", Long.toString(autoscaleRetireAfter.toSeconds()));
    m.put("DEBUG_CHARGE", debugCharge ? "1" : "0");
    m.put("ALLOW_LARGER_CLASS", allowLargerClass ? "1" : "0");
    List<String> keys = new ArrayList<>();
    ranking.forEach(k -> keys.add(k.wireName()));
    m.put("RANKING", String.join(",", keys));
    m.put("GRID_ROWS", Integer.toString(gridRows));
    m.put("GRID_COLS", Integer.toString(gridCols));
    m.put("KV_TIMEOUT_MS", Long.toString(kvTimeout.toMillis()));
    m.put("ROUND_BUDGET_MS", Long.toString(roundBudget.toMillis()));
    m.put("RECONCILE_INTERVAL_MS", Long.toString(reconcileInterval.toMillis()));
    m.put("OVERLAY_TTL_MS", Long.toString(overlayTtl.toMillis()));
    m.put("DEDUP_RETENTION_MS", Long.toString(dedupRetention.toMillis()));
    m.put("FAIRNESS_SLACK_MS", Long.toString(fairnessSlack.toMillis()));
    m.put("FAIRNESS_WINDOW", Integer.toString(fairnessWindow));
    m.put("BACKLOG_STALE_MS", Long.toString(backlogStaleAfter.toMillis()));
    m.put("DRONE_LOST_AFTER_MS", Long.toString(droneLostAfter.toMillis()));
    m.put("PENDING_DEADLINE_MS", Long.toString(pendingDeadline.toMillis()));
    return m;
  }

  private record Reader(java.util.function.Function<String, String> env) {

    String string(String name, String def) {
      String v = env.apply(name);
      return v == null || v.isBlank() ? def : v.trim();
    }

    int intValue(String name, int def) {
      return (int) longValue(name, def);
    }

    long longValue(String name, long def) {
      String v = string(name, null);
      if (v == null) {
        return def;
      }
      try {
        return (long) Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a number: " + v, e);
      }
    }

    double doubleValue(String name, double def) {
      String v = string(name, null);
      if (v == null) {
        return def;
      }
      try {
        return Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a number: " + v, e);
      }
    }

    /** The original's flags are "1"/"0"; "true"/"false" are accepted too. */
    boolean flag(String name, boolean def) {
      String v = string(name, null);
      if (v == null) {
        return def;
      }
      String s = v.toLowerCase(Locale.ROOT);
      return s.equals("1") || s.equals("true") || s.equals("yes");
    }
  }
}
