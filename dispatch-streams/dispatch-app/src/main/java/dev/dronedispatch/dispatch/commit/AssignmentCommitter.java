package dev.dronedispatch.dispatch.commit;

import dev.dronedispatch.dispatch.fleet.DroneStateMachine;
import dev.dronedispatch.kv.client.KvUnavailableException;
import dev.dronedispatch.kv.client.LockLease;
import dev.dronedispatch.kv.client.UpdateOutcome;
import dev.dronedispatch.kv.client.Versioned;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.kv.KvKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * assign_one's commit (seed-behaviour §9.4, weak point §17.4 fixed): lock the delivery, then the
 * drone (fencing tokens); CAS the drone idle→busy fenced by the drone lock; CAS the delivery
 * pending→assigned fenced by the delivery lock; roll the drone back if that fails; release only the
 * locks actually acquired. Every write is a compare-and-set on the version read.
 */
public final class AssignmentCommitter {

  private static final Logger log = LoggerFactory.getLogger(AssignmentCommitter.class);
  private static final int CLAIM_ATTEMPTS = 5;
  private static final int ASSIGN_ATTEMPTS = 5;
  private static final int ROLLBACK_ATTEMPTS = 10;

  private final BlockingKv kv;
  private final String owner;
  private final Duration lockTtl;
  private final Clock clock;

  /**
   * {@code clock} stamps {@code assigned_at} at the moment of the delivery's compare-and-set, after
   * the drone was claimed, so a drone's previous delivery is always stamped delivered earlier.
   */
  public AssignmentCommitter(BlockingKv kv, String owner, Duration lockTtl, Clock clock) {
    this.kv = kv;
    this.owner = owner;
    this.lockTtl = lockTtl;
    this.clock = clock;
  }

  /** Reads the delivery; empty if it is not in the KV service. */
  public Optional<Versioned<DeliveryDocument>> readDelivery(String id) {
    return kv.read(KvKeys.delivery(id), DeliveryDocument.class);
  }

  /**
   * Without locks: empty when the delivery is pending (worth a pick), otherwise why not (missing,
   * already assigned and held by its drone, or past pending).
   */
  public Optional<CommitResult> precheck(String deliveryId) {
    Optional<Versioned<DeliveryDocument>> delivery = readDelivery(deliveryId);
    if (delivery.isEmpty()) {
      return Optional.of(new CommitResult.DeliveryMissing());
    }
    DeliveryDocument doc = delivery.get().value();
    return doc.status() == DeliveryStatus.PENDING
        ? Optional.empty()
        : Optional.of(alreadyDone(doc));
  }

  /** A read-modify-CAS of a delivery document (progress from telemetry). */
  public UpdateOutcome<DeliveryDocument> updateDelivery(
      String deliveryId,
      java.util.function.Function<Optional<DeliveryDocument>, Optional<DeliveryDocument>> change) {
    return kv.update(
        KvKeys.delivery(deliveryId),
        DeliveryDocument.class,
        change,
        ASSIGN_ATTEMPTS,
        Optional.empty());
  }

  /**
   * Commits {@code deliveryId} → {@code droneId}. Throws {@link KvUnavailableException} when the KV
   * service cannot answer; a claim made before such a failure is rolled back when possible and is
   * otherwise left for reconcile (the delivery stays pending, so the drone is "not theirs").
   */
  public CommitResult commit(String deliveryId, String droneId) {
    Optional<LockLease> deliveryLock = kv.lock(KvKeys.deliveryLock(deliveryId), owner, lockTtl);
    if (deliveryLock.isEmpty()) {
      return new CommitResult.Locked(KvKeys.deliveryLock(deliveryId));
    }
    List<LockLease> held = new ArrayList<>(List.of(deliveryLock.get()));
    try {
      Optional<Versioned<DeliveryDocument>> delivery = readDelivery(deliveryId);
      if (delivery.isEmpty()) {
        return new CommitResult.DeliveryMissing();
      }
      DeliveryDocument doc = delivery.get().value();
      if (doc.status() != DeliveryStatus.PENDING) {
        return alreadyDone(doc);
      }
      Optional<LockLease> droneLock = kv.lock(KvKeys.droneLock(droneId), owner, lockTtl);
      if (droneLock.isEmpty()) {
        return new CommitResult.Locked(KvKeys.droneLock(droneId));
      }
      held.add(droneLock.get());
      return claimAndAssign(deliveryId, droneId, delivery, deliveryLock.get(), droneLock.get());
    } finally {
      kv.unlock(held);
    }
  }

  /**
   * The two fenced writes; {@code delivery} is the document as read under its lock, so its CAS
   * needs no second read (only the lock's holder assigns it).
   */
  private CommitResult claimAndAssign(
      String deliveryId,
      String droneId,
      Optional<Versioned<DeliveryDocument>> delivery,
      LockLease deliveryLock,
      LockLease droneLock) {
    UpdateOutcome<DroneDocument> claim =
        kv.update(
            KvKeys.drone(droneId),
            DroneDocument.class,
            DroneStateMachine.claim(deliveryId),
            CLAIM_ATTEMPTS,
            Optional.of(droneLock));
    if (claim instanceof UpdateOutcome.Declined<DroneDocument> declined) {
      Optional<DroneDocument> current = declined.current().map(Versioned::value);
      boolean ours =
          current
              .filter(d -> d.status() == DroneStatus.BUSY && deliveryId.equals(d.currentDelivery()))
              .isPresent();
      if (!ours) {
        return new CommitResult.DroneTaken(current);
      }
    } else if (!claim.updated()) {
      return new CommitResult.DroneTaken(Optional.empty());
    }
    UpdateOutcome<DeliveryDocument> assign;
    try {
      assign =
          kv.update(
              KvKeys.delivery(deliveryId),
              DeliveryDocument.class,
              delivery,
              current ->
                  current
                      .filter(d -> d.status() == DeliveryStatus.PENDING)
                      .map(d -> d.assigned(droneId, Instant.now(clock))),
              ASSIGN_ATTEMPTS,
              Optional.of(deliveryLock));
    } catch (KvUnavailableException e) {
      rollback(deliveryId, droneId, droneLock);
      throw e;
    }
    if (assign instanceof UpdateOutcome.Updated<DeliveryDocument> updated) {
      return new CommitResult.Committed(updated.current().value());
    }
    if (assign instanceof UpdateOutcome.Declined<DeliveryDocument> declined
        && declined.current().isPresent()
        && declined.current().get().value().status().isActive()
        && droneId.equals(declined.current().get().value().droneId())) {
      return new CommitResult.Committed(declined.current().get().value());
    }
    boolean released = rollback(deliveryId, droneId, droneLock);
    return new CommitResult.RolledBack(assign.getClass().getSimpleName(), released);
  }

  /** busy(deliveryId) → idle, only if the drone still points at this delivery. */
  private boolean rollback(String deliveryId, String droneId, LockLease droneLock) {
    try {
      UpdateOutcome<DroneDocument> r =
          kv.update(
              KvKeys.drone(droneId),
              DroneDocument.class,
              DroneStateMachine.release(deliveryId),
              ROLLBACK_ATTEMPTS,
              Optional.of(droneLock));
      return r.updated();
    } catch (KvUnavailableException e) {
      log.warn(
          "rollback of {} on {} failed, reconcile will free it: {}",
          droneId,
          deliveryId,
          e.getMessage());
      return false;
    }
  }

  private CommitResult alreadyDone(DeliveryDocument doc) {
    if (doc.status() == DeliveryStatus.ASSIGNED && doc.droneId() != null) {
      Optional<DroneDocument> drone =
          kv.read(KvKeys.drone(doc.droneId()), DroneDocument.class).map(Versioned::value);
      if (drone.isPresent()
          && drone.get().status() == DroneStatus.BUSY
          && doc.id().equals(drone.get().currentDelivery())) {
        return new CommitResult.AlreadyAssigned(doc);
      }
    }
    return new CommitResult.NotPending(doc);
  }
}
