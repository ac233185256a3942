package dev.dronedispatch.dispatch.fleet;

import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The drone state machine (original-behaviour.md §2.6) and the document changes that move along it.
 * Each change is a function for {@code KvDocuments.update}: it sees the latest document and answers
 * the new one, or empty when the precondition no longer holds (then nothing is written).
 */
public final class DroneStateMachine {

  private static final Map<DroneStatus, Set<DroneStatus>> ALLOWED =
      new EnumMap<>(DroneStatus.class);

  static {
    ALLOWED.put(DroneStatus.INACTIVE, EnumSet.of(DroneStatus.IDLE));
    ALLOWED.put(
        DroneStatus.IDLE,
        EnumSet.of(DroneStatus.BUSY, DroneStatus.CHARGING, DroneStatus.RETIRING, DroneStatus.LOST));
    ALLOWED.put(DroneStatus.BUSY, EnumSet.of(DroneStatus.IDLE, DroneStatus.LOST));
    ALLOWED.put(
        DroneStatus.CHARGING, EnumSet.of(DroneStatus.IDLE, DroneStatus.RETIRING, DroneStatus.LOST));
    ALLOWED.put(DroneStatus.RETIRING, EnumSet.of(DroneStatus.INACTIVE, DroneStatus.LOST));
    ALLOWED.put(DroneStatus.LOST, EnumSet.of(DroneStatus.IDLE));
  }

  private DroneStateMachine() {}

  public static boolean allowed(DroneStatus from, DroneStatus to) {
    return from != null && to != null && ALLOWED.get(from).contains(to);
  }

  /** idle and free → busy with {@code deliveryId}; feas_miss counters are kept. */
  public static Function<Optional<DroneDocument>, Optional<DroneDocument>> claim(
      String deliveryId) {
    return current ->
        current
            .filter(DroneDocument::isIdleAndFree)
            .map(d -> d.withControl(DroneStatus.BUSY, deliveryId, d.feasMiss(), d.feasMissSet()));
  }

  /** busy with {@code deliveryId} → idle and free. Never frees a drone busy with another one. */
  public static Function<Optional<DroneDocument>, Optional<DroneDocument>> release(
      String deliveryId) {
    return current ->
        current
            .filter(d -> d.status() == DroneStatus.BUSY && deliveryId.equals(d.currentDelivery()))
            .map(d -> d.withControl(DroneStatus.IDLE, null, d.feasMiss(), d.feasMissSet()));
  }

  /**
   * busy with {@code deliveryId} → lost, holding nothing: the delivery is handed back or failed by
   * whoever lost the drone. Never touches a drone busy with another one.
   */
  public static Function<Optional<DroneDocument>, Optional<DroneDocument>> lose(String deliveryId) {
    return current ->
        current
            .filter(d -> d.status() == DroneStatus.BUSY && deliveryId.equals(d.currentDelivery()))
            .map(d -> d.withControl(DroneStatus.LOST, null, 0, List.of()));
  }

  /**
   * {@code from} → {@code to} for a drone without a delivery; {@code resetMisses} clears the
   * feas_miss counters (early charge does).
   */
  public static Function<Optional<DroneDocument>, Optional<DroneDocument>> move(
      DroneStatus from, DroneStatus to, boolean resetMisses) {
    if (!allowed(from, to) || from == DroneStatus.BUSY || to == DroneStatus.BUSY) {
      throw new IllegalArgumentException("not a free-drone transition: " + from + " -> " + to);
    }
    return current ->
        current
            .filter(d -> d.status() == from && d.currentDelivery() == null)
            .map(
                d ->
                    resetMisses
                        ? d.withControl(to, null, 0, List.of())
                        : d.withControl(to, null, d.feasMiss(), d.feasMissSet()));
  }
}
