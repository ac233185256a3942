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

  /** The delivery is past pending and not held by its drone. */
  record NotPending(DeliveryDocument delivery) implements CommitResult {}

  /** A lock is held by someone else (another instance, or a stale lease): retry later. */
  record Locked(String lockName) implements CommitResult {}

  /** The drone is no longer idle and free; {@code current} is what the KV holds. */
  record DroneTaken(Optional<DroneDocument> current) implements CommitResult {}

  /** The drone was claimed but the delivery step failed; the claim was rolled back. */
  record RolledBack(String why, boolean droneReleased) implements CommitResult {}
}
