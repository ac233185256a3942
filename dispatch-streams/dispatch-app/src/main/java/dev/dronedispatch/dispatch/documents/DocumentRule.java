package dev.dronedispatch.dispatch.documents;

import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.Versioned;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.documents.Defect;
import dev.dronedispatch.model.documents.DeliveryDefect;
import dev.dronedispatch.model.documents.DocumentKind;
import dev.dronedispatch.model.documents.DroneDefect;
import dev.dronedispatch.model.fleet.DroneDocument;
import java.util.Optional;
import tools.jackson.databind.ObjectMapper;

/**
 * How one kind of document is read: decoded as {@code type} (a failure is the kind's {@code
 * undecodable}), then held to the fields the dispatcher relies on. Pure: decoding only maps JSON.
 * The system's mapper tolerates unknown fields and nulls, so {@code {"junk":true}} decodes to an
 * all-null record; the field checks are what turn it away.
 *
 * @param <T> the document type
 */
public record DocumentRule<T>(
    DocumentKind kind, Class<T> type, Defect undecodable, Fields<T> fields) {

  /** The defect of a decoded document stored under {@code key}, if any. */
  @FunctionalInterface
  public interface Fields<T> {
    Optional<? extends Defect> defectOf(String key, T document);
  }

  /**
   * A delivery needs what the gateway gives every delivery it creates, by the rule the gateway
   * applies too ({@link DeliveryDefect}): an id matching its key, a status, its request instant,
   * both points of its route and a weight class.
   */
  public static final DocumentRule<DeliveryDocument> DELIVERY =
      new DocumentRule<>(
          DocumentKind.DELIVERY,
          DeliveryDocument.class,
          DeliveryDefect.UNDECODABLE,
          DeliveryDefect::of);

  /**
   * A drone needs an id matching its key, a class, a status and a position ({@link DroneDefect},
   * without the API's service-area check); battery and speed default to 0, which only makes it
   * infeasible.
   */
  public static final DocumentRule<DroneDocument> DRONE =
      new DocumentRule<>(
          DocumentKind.DRONE, DroneDocument.class, DroneDefect.UNDECODABLE, DroneDefect::of);

  public Checked<T> check(KvEntry entry, ObjectMapper mapper) {
    T document;
    try {
      document = mapper.treeToValue(entry.value(), type);
    } catch (RuntimeException e) {
      return invalid(entry.key(), undecodable);
    }
    if (document == null) {
      return invalid(entry.key(), undecodable);
    }
    Optional<? extends Defect> defect = fields.defectOf(entry.key(), document);
    return defect.isPresent()
        ? invalid(entry.key(), defect.get())
        : new Checked.Valid<>(new Versioned<>(document, entry.version()));
  }

  private Checked<T> invalid(String key, Defect defect) {
    return new Checked.Invalid<>(kind, key, defect);
  }
}
