package dev.dronedispatch.gateway.delivery;

import dev.dronedispatch.model.delivery.DeliveryDocument;

/** What POST /deliveries did. */
public sealed interface CreateOutcome {

  DeliveryDocument delivery();

  /** Stored and published: 201. */
  record Created(DeliveryDocument delivery) implements CreateOutcome {}

  /** The Idempotency-Key's delivery already existed: 200 with its current state. */
  record Replayed(DeliveryDocument delivery) implements CreateOutcome {}

  /**
   * Stored, but Kafka did not acknowledge the request event in time: 503. The outbox entry stays,
   * so the sweeper publishes it later; a retry with the same Idempotency-Key replays it.
   */
  record StoredNotPublished(DeliveryDocument delivery) implements CreateOutcome {}
}
