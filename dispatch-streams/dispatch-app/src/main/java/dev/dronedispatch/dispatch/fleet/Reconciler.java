package dev.dronedispatch.dispatch.fleet;

import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import java.util.Optional;

/**
 * Why a busy drone should be freed: its delivery is missing, already delivered, or not assigned to
 * it (still pending, or another drone's). Pure; {@code FleetCommands.reconcile} applies it so that
 * an assignment still in flight is refused rather than undone half-way.
 */
public final class Reconciler {

  public static final String MISSING = "reconcile:missing";
  public static final String DELIVERED = "reconcile:delivered";
  public static final String NOT_THEIRS = "reconcile:not_theirs";

  private Reconciler() {}

  /** The reason to free {@code drone}, or empty when its delivery is legitimately its own. */
  public static Optional<String> reasonToFree(
      DroneDocument drone, Optional<DeliveryDocument> delivery) {
    if (drone.status() != DroneStatus.BUSY || drone.currentDelivery() == null) {
      return Optional.empty();
    }
    if (delivery.isEmpty()) {
      return Optional.of(MISSING);
    }
    DeliveryDocument d = delivery.get();
    if (d.status() == DeliveryStatus.DELIVERED) {
      return Optional.of(DELIVERED);
    }
    if (!d.status().isActive() || !drone.id().equals(d.droneId())) {
      return Optional.of(NOT_THEIRS);
    }
    return Optional.empty();
  }
}
