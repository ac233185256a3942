package dev.dronedispatch.dispatch.commit;

import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.fleet.DroneDocument;
import java.util.Optional;

/** How an assignment commit in the KV service ended. */
public sealed interface CommitResult {

  /** Both compare-and-sets applied: the drone is busy with the delivery, the delivery assigned. */
  record Committed(DeliveryDocument delivery) implements CommitResult {}

  /**
   * The delivery was already assigned to a drone that holds it: an earlier attempt of ours
   * committed (a retry is idempotent).
   */
  record AlreadyAssigned(DeliveryDocument delivery) implements CommitResult {}

  /** The delivery is not in the KV service: nothing to assign. */
  record DeliveryMissing() implements CommitResult {}

  /**
   * The delivery's stored document is not a valid delivery document: it cannot be assigned, and
   * nothing was written (counted in {@code dispatch.documents.skipped}).
   */
  record DeliveryInvalid() implements CommitResult {}

  /** The delivery is past pending and not held by its drone. */
  record NotPending(DeliveryDocument delivery) implements CommitResult {}

  /**
   * The KV could not say whether the delivery's write landed (its replicas did not answer): the
   * pair stays as it is and the next attempt reads what happened.
   */
  record Unknown(String why) implements CommitResult {}

  /** The drone is no longer idle and free; {@code current} is what the KV holds. */
  record DroneTaken(Optional<DroneDocument> current) implements CommitResult {}

  /** The drone was claimed but the delivery step failed; the claim was rolled back. */
  record RolledBack(String why, boolean droneReleased) implements CommitResult {}
}
