package dev.dronedispatch.model.kv;

import java.time.Instant;

/**
 * The KV key layout every module shares. Listings use ordered keys and range scans, never one
 * ever-growing index key.
 */
public final class KvKeys {

  public static final String ZONES_CONFIG = "zones_config";
  public static final String DELIVERY_PREFIX = "delivery:";
  public static final String DRONE_PREFIX = "drone:";
  public static final String IDEMPOTENCY_PREFIX = "idem:";

  /**
   * {@code deliveries_by_time:{time key}} → delivery id ({@link TimeKey}). Lexicographic order is
   * time order, so a reverse prefix scan lists the newest first.
   */
  public static final String DELIVERIES_BY_TIME_PREFIX = "deliveries_by_time:";

  private KvKeys() {}

  public static String delivery(String id) {
    return DELIVERY_PREFIX + id;
  }

  public static String drone(String id) {
    return DRONE_PREFIX + id;
  }

  public static String idempotency(String key) {
    return IDEMPOTENCY_PREFIX + key;
  }

  public static String deliveryByTime(Instant requestedAt, String id) {
    return DELIVERIES_BY_TIME_PREFIX + TimeKey.of(requestedAt, id);
  }

  /** The numeric suffix of {@code drone-N}, for natural ordering of drone ids. */
  public static int droneNumber(String droneId) {
    int dash = droneId.lastIndexOf('-');
    try {
      return dash < 0 ? Integer.MAX_VALUE : Integer.parseInt(droneId.substring(dash + 1));
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }
}
