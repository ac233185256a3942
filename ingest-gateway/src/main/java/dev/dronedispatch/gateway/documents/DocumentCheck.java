package dev.dronedispatch.gateway.documents;

import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.documents.Defect;
import dev.dronedispatch.model.documents.DeliveryDefect;
import dev.dronedispatch.model.documents.DocumentKind;
import dev.dronedispatch.model.documents.DroneDefect;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.zones.Bounds;
import java.util.Optional;

/**
 * How one kind of document is read: decoded as {@code type} (a failure is {@code undecodable}),
 * then held to the kind's {@code rule}. Pure: decoding only maps JSON.
 */
public record DocumentCheck<T>(DocumentKind kind, Class<T> type, Defect undecodable, Rule<T> rule) {

  /** How {@code delivery:*} documents are read. */
  public static final DocumentCheck<DeliveryDocument> DELIVERY =
      new DocumentCheck<>(
          DocumentKind.DELIVERY,
          DeliveryDocument.class,
          DeliveryDefect.UNDECODABLE,
          DeliveryDefect::of);

  /** How {@code drone:*} documents are read, for a service area of {@code area}. */
  public static DocumentCheck<DroneDocument> drones(Bounds area) {
    return new DocumentCheck<>(
        DocumentKind.DRONE,
        DroneDocument.class,
        DroneDefect.UNDECODABLE,
        (key, d) -> DroneDefect.of(key, d, area));
  }

  /** The kind's rule for a decoded document stored under {@code key}. */
  @FunctionalInterface
  public interface Rule<T> {
    Optional<? extends Defect> defectOf(String key, T document);
  }

  public Checked<T> check(KvEntry entry, KvDocuments docs) {
    T document;
    try {
      document = docs.decode(entry, type);
    } catch (RuntimeException e) {
      return invalid(entry.key(), undecodable);
    }
    if (document == null) {
      return invalid(entry.key(), undecodable);
    }
    Optional<? extends Defect> defect = rule.defectOf(entry.key(), document);
    return defect.isPresent() ? invalid(entry.key(), defect.get()) : new Checked.Valid<>(document);
  }

  public Checked<T> invalid(String key, Defect defect) {
    return new Checked.Invalid<>(kind, key, defect);
  }
}
