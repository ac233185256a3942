package dev.dronedispatch.gateway.delivery;

import dev.dronedispatch.gateway.documents.Checked;
import dev.dronedispatch.gateway.web.ResourceIds;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.documents.Defect;
import dev.dronedispatch.model.documents.DocumentKind;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.kv.TimeKey;
import java.util.Optional;

/**
 * The time index, {@code deliveries_by_time:{epoch-ms, 13 digits}:{id}} → the id, read entry by
 * entry against its documents. An entry whose document is missing is not a defect: it is what an
 * interrupted creation leaves, and the outbox sweeper removes it. Pure.
 */
final class DeliveryIndex {

  /** Why an index entry names no delivery. */
  enum IndexDefect implements Defect {
    /** Not {@code deliveries_by_time:} + 13 digits + {@code :} + an id. */
    KEY_MALFORMED,
    /** The value is not a string holding a well-formed id (one the KV can be asked for). */
    NOT_AN_ID,
    ID_NOT_THE_KEY,
    /** The document it names was requested at another instant than the key says. */
    OTHER_INSTANT
  }

  /** A well-formed entry: its key and the delivery it names. */
  record Entry(String key, String deliveryId) {}

  private DeliveryIndex() {}

  static Checked<Entry> parse(KvEntry e) {
    String key = e.key();
    Optional<TimeKey> parsed =
        key.startsWith(KvKeys.DELIVERIES_BY_TIME_PREFIX)
            ? TimeKey.parse(key.substring(KvKeys.DELIVERIES_BY_TIME_PREFIX.length()))
            : Optional.empty();
    if (parsed.isEmpty()) {
      return invalid(key, IndexDefect.KEY_MALFORMED);
    }
    if (!e.value().isString() || !ResourceIds.valid(e.value().asString())) {
      return invalid(key, IndexDefect.NOT_AN_ID);
    }
    String id = e.value().asString();
    if (!parsed.get().id().equals(id)) {
      return invalid(key, IndexDefect.ID_NOT_THE_KEY);
    }
    return new Checked.Valid<>(new Entry(key, id));
  }

  /** {@code d}, the valid document {@code entry} names, if the entry is its index entry. */
  static Checked<DeliveryDocument> indexes(Entry entry, DeliveryDocument d) {
    return KvKeys.deliveryByTime(d.requestedAt(), d.id()).equals(entry.key())
        ? new Checked.Valid<>(d)
        : invalid(entry.key(), IndexDefect.OTHER_INSTANT);
  }

  private static <T> Checked<T> invalid(String key, IndexDefect defect) {
    return new Checked.Invalid<>(DocumentKind.DELIVERY_INDEX, key, defect);
  }
}
