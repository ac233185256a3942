package dev.dronedispatch.dispatch.documents;

import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.Versioned;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.kv.KvKeys;
import java.util.Optional;
import tools.jackson.databind.ObjectMapper;

/**
 * How one kind of document is read: decoded as {@code type} (a failure is {@link
 * DocumentDefect#UNREADABLE}), then held to the fields the dispatcher relies on. Pure: decoding
 * only maps JSON. The system's mapper tolerates unknown fields and nulls, so {@code {"junk":true}}
 * decodes to an all-null record; the field checks are what turn it away.
 *
 * @param <T> the document type
 */
public record DocumentRule<T>(DocumentKind kind, Class<T> type, Fields<T> fields) {

  /** The defect of a decoded document stored under {@code key}, if any. */
  @FunctionalInterface
  public interface Fields<T> {
    Optional<DocumentDefect> defectOf(String key, T document);
  }

  /**
   * A delivery needs what the gateway gives every delivery it creates (the same fields the
   * gateway's own check asks for): an id matching its key, a status, its request instant, both
   * points of its route and a weight class.
   */
  public static final DocumentRule<DeliveryDocument> DELIVERY =
      new DocumentRule<>(
          DocumentKind.DELIVERY, DeliveryDocument.class, DocumentRule::deliveryDefect);

  /**
   * A drone needs an id matching its key, a class, a status and a position; battery and speed
   * default to 0, which only makes it infeasible.
   */
  public static final DocumentRule<DroneDocument> DRONE =
      new DocumentRule<>(DocumentKind.DRONE, DroneDocument.class, DocumentRule::droneDefect);

  public Checked<T> check(KvEntry entry, ObjectMapper mapper) {
    T document;
    try {
      document = mapper.treeToValue(entry.value(), type);
    } catch (RuntimeException e) {
      return invalid(entry.key(), DocumentDefect.UNREADABLE);
    }
    if (document == null) {
      return invalid(entry.key(), DocumentDefect.UNREADABLE);
    }
    Optional<DocumentDefect> defect = fields.defectOf(entry.key(), document);
    return defect.isPresent()
        ? invalid(entry.key(), defect.get())
        : new Checked.Valid<>(new Versioned<>(document, entry.version()));
  }

  private Checked<T> invalid(String key, DocumentDefect defect) {
    return new Checked.Invalid<>(kind, key, defect);
  }

  static Optional<DocumentDefect> deliveryDefect(String key, DeliveryDocument d) {
    if (d.id() == null || d.id().isBlank()) {
      return Optional.of(DocumentDefect.ID_MISSING);
    }
    if (!KvKeys.delivery(d.id()).equals(key)) {
      return Optional.of(DocumentDefect.ID_NOT_THE_KEY);
    }
    if (d.status() == null) {
      return Optional.of(DocumentDefect.STATUS_MISSING);
    }
    if (d.requestedAt() == null) {
      return Optional.of(DocumentDefect.REQUESTED_AT_MISSING);
    }
    if (d.origin() == null) {
      return Optional.of(DocumentDefect.ORIGIN_MISSING);
    }
    if (d.destination() == null) {
      return Optional.of(DocumentDefect.DESTINATION_MISSING);
    }
    if (d.weightClass() == null) {
      return Optional.of(DocumentDefect.WEIGHT_CLASS_MISSING);
    }
    return Optional.empty();
  }

  static Optional<DocumentDefect> droneDefect(String key, DroneDocument d) {
    if (d.id() == null || d.id().isBlank()) {
      return Optional.of(DocumentDefect.ID_MISSING);
    }
    if (!KvKeys.drone(d.id()).equals(key)) {
      return Optional.of(DocumentDefect.ID_NOT_THE_KEY);
    }
    if (d.type() == null) {
      return Optional.of(DocumentDefect.TYPE_MISSING);
    }
    if (d.status() == null) {
      return Optional.of(DocumentDefect.STATUS_MISSING);
    }
    if (d.pos() == null) {
      return Optional.of(DocumentDefect.POSITION_MISSING);
    }
    return Optional.empty();
  }
}
