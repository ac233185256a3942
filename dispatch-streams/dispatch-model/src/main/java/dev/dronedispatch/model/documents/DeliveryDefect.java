package dev.dronedispatch.model.documents;

import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.kv.KvKeys;
import java.util.Optional;

/**
 * Why a {@code delivery:*} document is not a delivery the gateway serves or the dispatcher acts on.
 * A delivery needs an id matching its key, a status, the instant it was requested (its place in the
 * listing), both points of its route and a weight class: every document the gateway creates has
 * them, and the dispatcher only changes the lifecycle fields.
 */
public enum DeliveryDefect implements Defect {
  /** Not a delivery document at all: not a JSON object of that shape, an unknown status. */
  UNDECODABLE,
  ID_MISSING,
  ID_NOT_THE_KEY,
  STATUS_MISSING,
  REQUESTED_AT_MISSING,
  ORIGIN_MISSING,
  DESTINATION_MISSING,
  WEIGHT_CLASS_MISSING;

  /** The defect of a decoded document stored under {@code key}, if any. Pure. */
  public static Optional<DeliveryDefect> of(String key, DeliveryDocument d) {
    if (d.id() == null || d.id().isBlank()) {
      return Optional.of(ID_MISSING);
    }
    if (!KvKeys.delivery(d.id()).equals(key)) {
      return Optional.of(ID_NOT_THE_KEY);
    }
    if (d.status() == null) {
      return Optional.of(STATUS_MISSING);
    }
    if (d.requestedAt() == null) {
      return Optional.of(REQUESTED_AT_MISSING);
    }
    if (d.origin() == null) {
      return Optional.of(ORIGIN_MISSING);
    }
    if (d.destination() == null) {
      return Optional.of(DESTINATION_MISSING);
    }
    if (d.weightClass() == null) {
      return Optional.of(WEIGHT_CLASS_MISSING);
    }
    return Optional.empty();
  }
}
