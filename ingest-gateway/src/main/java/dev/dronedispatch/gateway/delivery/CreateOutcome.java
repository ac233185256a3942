package dev.dronedispatch.gateway.delivery;

import dev.dronedispatch.gateway.admission.AdmissionDecision;
import dev.dronedispatch.gateway.admission.ClassAdmission;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import java.util.Optional;

/** What POST /deliveries did. */
public sealed interface CreateOutcome {

  /**
   * Stored and published: 201, with the admission estimate of the order's class when one is known
   * (its expected wait for a drone).
   */
  record Created(DeliveryDocument delivery, Optional<ClassAdmission> estimate)
      implements CreateOutcome {}

  /** The Idempotency-Key's delivery already existed: 200 with its current state. */
  record Replayed(DeliveryDocument delivery) implements CreateOutcome {}

  /**
   * Stored, but Kafka did not acknowledge the request event in time: 503. The outbox entry stays,
   * so the sweeper publishes it later; a retry with the same Idempotency-Key replays it.
   */
  record StoredNotPublished(DeliveryDocument delivery) implements CreateOutcome {}

  /**
   * This instance already runs its CREATE_MAX_IN_FLIGHT creations ({@code maxInFlight}): 503, retry
   * shortly; nothing stored.
   */
  record Overloaded(int maxInFlight) implements CreateOutcome {}

  /** A new order of a class admission is closed for: 503 with the reason; nothing stored. */
  record NotAdmitted(AdmissionDecision.Refused refusal) implements CreateOutcome {}

  /** The Idempotency-Key was used with another body: nothing stored (422). */
  record KeyReused() implements CreateOutcome {}

  /** A request with the same Idempotency-Key is still being processed: retry shortly (409). */
  record KeyInFlight() implements CreateOutcome {}

  /** The delivery the Idempotency-Key is bound to no longer exists (409). */
  record KeyOrphaned(String deliveryId) implements CreateOutcome {}
}
