package dev.dronedispatch.gateway.outbox;

import dev.dronedispatch.gateway.documents.Checked;
import dev.dronedispatch.gateway.documents.DocumentCheck;
import dev.dronedispatch.gateway.idempotency.Claim;
import dev.dronedispatch.gateway.idempotency.IdempotencyDefect;
import dev.dronedispatch.gateway.idempotency.IdempotencyRecord;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.Versioned;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.documents.DocumentKind;
import dev.dronedispatch.model.kv.KvKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the sweeper does with one outbox entry, decided from the entry and from what it names: the
 * delivery's document and the binding of the Idempotency-Key its creation claimed. Anything among
 * them that is not what it should be leaves the entry as it is ({@link Skip}): the sweeper cannot
 * tell what the creation did, and the other entries are swept all the same. Pure.
 */
sealed interface OutboxPlan {

  /** Leave the entry; {@code why} names the document at fault. */
  record Skip(Checked.Invalid<?> why) implements OutboxPlan {}

  /** The creation's document write failed: nothing to publish, remove its entries. */
  record NeverStored() implements OutboxPlan {}

  /** The creation lost its key to another request and died before undoing its writes. */
  record LostKey(KvEntry document) implements OutboxPlan {}

  /** Publish the delivery if still pending, then remove the entry and complete the binding. */
  record Finish(DeliveryDocument delivery, Optional<Claim.Binding> binding) implements OutboxPlan {}

  /**
   * A well-formed entry: the KV entry, its parsed key and the binding's KV key, if it names one.
   */
  record Target(KvEntry entry, OutboxKeys.Entry parsed, Optional<String> bindingKey) {

    /** The keys {@link #plan} needs: the document and the binding. */
    List<String> reads() {
      List<String> keys = new ArrayList<>(2);
      keys.add(KvKeys.delivery(parsed.deliveryId()));
      bindingKey.ifPresent(keys::add);
      return keys;
    }
  }

  DocumentCheck<OutboxEntry> ENTRY =
      new DocumentCheck<>(
          DocumentKind.OUTBOX,
          OutboxEntry.class,
          OutboxDefect.UNDECODABLE,
          (key, e) -> {
            if (e.id() == null || e.id().isBlank()) {
              return Optional.of(OutboxDefect.ID_MISSING);
            }
            boolean named =
                OutboxKeys.parse(key).map(p -> p.deliveryId().equals(e.id())).orElse(false);
            return named ? Optional.empty() : Optional.of(OutboxDefect.ID_NOT_THE_KEY);
          });

  static Checked<Target> target(KvEntry entry, KvDocuments docs) {
    Optional<OutboxKeys.Entry> parsed = OutboxKeys.parse(entry.key());
    if (parsed.isEmpty()) {
      return new Checked.Invalid<>(DocumentKind.OUTBOX, entry.key(), OutboxDefect.KEY_MALFORMED);
    }
    Checked<OutboxEntry> value = ENTRY.check(entry, docs);
    if (value instanceof Checked.Invalid<OutboxEntry> bad) {
      return new Checked.Invalid<>(bad.kind(), bad.key(), bad.defect());
    }
    OutboxEntry e = ((Checked.Valid<OutboxEntry>) value).value();
    return new Checked.Valid<>(
        new Target(entry, parsed.get(), e.claimedKey().map(KvKeys::idempotency)));
  }

  /** The plan for {@code t}, given the entries found for {@link Target#reads()}. */
  static OutboxPlan plan(Target t, Map<String, KvEntry> found, KvDocuments docs) {
    KvEntry document = found.get(KvKeys.delivery(t.parsed().deliveryId()));
    if (document == null) {
      return new NeverStored();
    }
    Checked<DeliveryDocument> delivery = DocumentCheck.DELIVERY.check(document, docs);
    if (delivery instanceof Checked.Invalid<DeliveryDocument> bad) {
      return new Skip(bad);
    }
    Optional<Claim.Binding> binding = Optional.empty();
    if (t.bindingKey().isPresent()) {
      String key = t.bindingKey().get();
      KvEntry bound = found.get(key);
      if (bound != null) {
        Checked<IdempotencyRecord> record = IdempotencyDefect.CHECK.check(bound, docs);
        if (record instanceof Checked.Invalid<IdempotencyRecord> bad) {
          return new Skip(bad);
        }
        IdempotencyRecord r = ((Checked.Valid<IdempotencyRecord>) record).value();
        binding = Optional.of(new Claim.Binding(key, new Versioned<>(r, bound.version()), false));
      }
      boolean ours =
          binding
              .map(b -> b.record().value().deliveryId().equals(t.parsed().deliveryId()))
              .orElse(false);
      if (!ours) {
        return new LostKey(document);
      }
    }
    return new Finish(((Checked.Valid<DeliveryDocument>) delivery).value(), binding);
  }
}
