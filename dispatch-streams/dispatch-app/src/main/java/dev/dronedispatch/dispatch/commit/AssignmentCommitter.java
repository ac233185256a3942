package dev.dronedispatch.dispatch.commit;

import dev.dronedispatch.dispatch.documents.DocumentRule;
import dev.dronedispatch.dispatch.fleet.DroneStateMachine;
import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.KvOpResult;
import dev.dronedispatch.kv.client.UpdateOutcome;
import dev.dronedispatch.kv.client.Versioned;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.kv.KvKeys;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a round of (delivery, drone) pairs in a few batched KV round trips, whatever the round's
 * size, and without locks: every write is a compare-and-set on the version read.
 *
 * <ol>
 *   <li>read every delivery and drone of the round;
 *   <li>claim each free drone: idle → busy with its delivery, at the version read (a drone whose
 *       version moved while it stayed idle and free, e.g. the simulator's position merge, is
 *       claimed again at the new version);
 *   <li>assign each delivery whose drone was claimed: pending → assigned, at the version read;
 *   <li>release the drones whose delivery could not be assigned.
 * </ol>
 *
 * Why no lock is needed: a drone is claimed only from idle and free, so two claims of one drone
 * cannot both succeed; a delivery is assigned only at the version read while it was pending, so two
 * assignments of one delivery cannot both succeed, and the loser releases its claim. The one other
 * writer that frees a busy drone, reconcile, first rewrites the pending delivery it finds (see
 * {@link FleetCommands#reconcile}), which turns any assignment still in flight into a refused
 * compare-and-set. {@code LockFreeCommitTest} plays these interleavings.
 *
 * <p>A stored document that is not a valid delivery or drone document (see {@link DocumentRule}) is
 * never acted on, and never thrown on: its delivery ends {@link CommitResult.DeliveryInvalid} (it
 * cannot be assigned), its drone counts as not free ({@link CommitResult.DroneTaken} with nothing
 * known, so the delivery gets another drone).
 */
public final class AssignmentCommitter {

  private static final Logger log = LoggerFactory.getLogger(AssignmentCommitter.class);
  private static final int ASSIGN_ATTEMPTS = 5;
  private static final int CLAIM_ATTEMPTS = 3;
  private static final int RELEASE_ATTEMPTS = 5;

  private final BlockingKv kv;
  private final Clock clock;
  private final BatchUpdate<DeliveryDocument> deliveryUpdates;

  /** Claims refused because the drone's version moved while it stayed idle and free. */
  private final LongAdder claimsOnMovedVersion = new LongAdder();

  /**
   * {@code clock} stamps {@code assigned_at} at the moment of the delivery's compare-and-set, after
   * the drone was claimed, so a drone's previous delivery is always stamped delivered earlier.
   */
  public AssignmentCommitter(BlockingKv kv, Clock clock) {
    this.kv = kv;
    this.clock = clock;
    this.deliveryUpdates = new BatchUpdate<>(kv, DocumentRule.DELIVERY);
  }

  /**
   * How many claims, since start, found the drone's version moved while it stayed idle and free (a
   * position merge between the round's read and its claim), each costing a claim sent again.
   */
  public long claimsOnMovedVersion() {
    return claimsOnMovedVersion.sum();
  }

  /** Reads the delivery; empty if it is not in the KV service or not a valid delivery document. */
  public Optional<Versioned<DeliveryDocument>> readDelivery(String id) {
    return kv.read(KvKeys.delivery(id), DocumentRule.DELIVERY);
  }

  /**
   * Which of {@code deliveryIds} are not worth a pick, and why (missing, not a valid delivery
   * document, already assigned and held by its drone, or past pending), in one batched read, plus
   * one more for the drones holding the deliveries past pending. A delivery absent from the answer
   * is pending, or was not served (the commit reads it again).
   */
  public Map<String, CommitResult> precheckAll(List<String> deliveryIds) {
    return commitAll(List.of(), deliveryIds).checked();
  }

  /**
   * The deliveries of {@code ids} in one batch, by id; one its replicas did not serve is left out.
   * One whose document is not a valid delivery document reads as empty, like a missing one: no
   * progress can be made on it.
   */
  public Map<String, Optional<Versioned<DeliveryDocument>>> readDeliveries(Collection<String> ids) {
    List<String> list = List.copyOf(ids);
    Map<String, Optional<KvEntry>> read = readAll(list.stream().map(KvKeys::delivery).toList());
    Map<String, Optional<Versioned<DeliveryDocument>>> out = new HashMap<>();
    for (String id : list) {
      Optional<KvEntry> e = read.get(KvKeys.delivery(id));
      if (e != null) {
        out.put(id, e.flatMap(x -> kv.valid(x, DocumentRule.DELIVERY)));
      }
    }
    return out;
  }

  /**
   * Read-modify-CASes of many delivery documents (progress from telemetry) in a few batched round
   * trips, from the documents as just read ({@code known}, by id); one outcome per id.
   */
  public Map<String, UpdateOutcome<DeliveryDocument>> updateDeliveries(
      Map<String, Function<Optional<DeliveryDocument>, Optional<DeliveryDocument>>> changes,
      Map<String, Optional<Versioned<DeliveryDocument>>> known) {
    Map<String, Function<Optional<DeliveryDocument>, Optional<DeliveryDocument>>> byKey =
        new LinkedHashMap<>();
    Map<String, Optional<Versioned<DeliveryDocument>>> knownByKey = new HashMap<>();
    changes.forEach(
        (id, change) -> {
          byKey.put(KvKeys.delivery(id), change);
          if (known.containsKey(id)) {
            knownByKey.put(KvKeys.delivery(id), known.get(id));
          }
        });
    Map<String, UpdateOutcome<DeliveryDocument>> outcomes =
        deliveryUpdates.apply(byKey, knownByKey, ASSIGN_ATTEMPTS);
    Map<String, UpdateOutcome<DeliveryDocument>> out = new LinkedHashMap<>();
    changes.keySet().forEach(id -> out.put(id, outcomes.get(KvKeys.delivery(id))));
    return out;
  }

  public CommitResult commit(String deliveryId, String droneId) {
    return commitAll(List.of(new Pairing(deliveryId, droneId))).get(0);
  }

  /**
   * Commits every pair (distinct deliveries, distinct drones); one result per pair, in order.
   * Throws {@code KvUnavailableException} when the KV cannot answer a round trip at all; a pair
   * whose own keys could not be served ends {@link CommitResult.Unknown} or, before any write,
   * {@link CommitResult.DroneTaken} with nothing known.
   */
  public List<CommitResult> commitAll(List<Pairing> pairs) {
    return commitAll(pairs, List.of()).paired();
  }

  /**
   * Commits every pair as {@link #commitAll(List)} does and, in the same first read, checks the
   * deliveries of {@code alsoCheck} (distinct, none of them paired) as {@link #precheckAll} does: a
   * round's new arrivals that found no drone are settled without a round trip of their own.
   */
  public RoundOutcome commitAll(List<Pairing> pairs, Collection<String> alsoCheck) {
    Round round = new Round(pairs, List.copyOf(alsoCheck));
    round.read();
    round.claim();
    round.assign();
    round.releaseLosers();
    return new RoundOutcome(round.results(), round.checked);
  }

  /** The state of one commit round: what was read, claimed and decided per pair. */
  private final class Round {
    private final List<Pairing> pairs;
    private final List<String> toCheck;
    private final CommitResult[] results;
    private final Map<String, CommitResult> checked = new HashMap<>();
    private final Map<String, Versioned<DeliveryDocument>> deliveries = new HashMap<>();
    private final Map<String, Versioned<DroneDocument>> drones = new HashMap<>();
    private final List<Integer> claimed = new ArrayList<>();
    private final Map<Integer, String> toRelease = new HashMap<>();

    Round(List<Pairing> pairs, List<String> toCheck) {
      this.pairs = pairs;
      this.toCheck = toCheck;
      this.results = new CommitResult[pairs.size()];
    }

    void read() {
      List<String> keys = new ArrayList<>();
      for (Pairing p : pairs) {
        keys.add(KvKeys.delivery(p.deliveryId()));
        keys.add(KvKeys.drone(p.droneId()));
      }
      toCheck.forEach(id -> keys.add(KvKeys.delivery(id)));
      Map<String, Optional<KvEntry>> read = readAll(keys);
      Set<String> holders = new LinkedHashSet<>();
      check(read, holders);
      for (int i = 0; i < pairs.size(); i++) {
        Pairing p = pairs.get(i);
        Optional<KvEntry> d = read.get(KvKeys.delivery(p.deliveryId()));
        Optional<KvEntry> x = read.get(KvKeys.drone(p.droneId()));
        if (d == null || x == null) {
          results[i] = new CommitResult.DroneTaken(Optional.empty()); // not served: next round
          continue;
        }
        // an invalid drone document reads as no drone: never claimed, the delivery picks again
        Optional<Versioned<DroneDocument>> drone = x.flatMap(e -> kv.valid(e, DocumentRule.DRONE));
        drone.ifPresent(v -> drones.put(p.droneId(), v));
        if (d.isEmpty()) {
          results[i] = new CommitResult.DeliveryMissing();
          continue;
        }
        Optional<Versioned<DeliveryDocument>> valid = kv.valid(d.get(), DocumentRule.DELIVERY);
        if (valid.isEmpty()) {
          results[i] = new CommitResult.DeliveryInvalid();
          continue;
        }
        Versioned<DeliveryDocument> doc = valid.get();
        deliveries.put(p.deliveryId(), doc);
        if (doc.value().status() != DeliveryStatus.PENDING) {
          holders.add(doc.value().droneId());
        } else if (drone.isEmpty() || !drone.get().value().isIdleAndFree()) {
          results[i] = new CommitResult.DroneTaken(drone.map(Versioned::value));
        } else {
          claimed.add(i);
        }
      }
      settleTheDone(holders);
    }

    /**
     * The deliveries only checked: missing, invalid or past pending are settled (the last once
     * their holders are read); pending or not served, they get no result.
     */
    private void check(Map<String, Optional<KvEntry>> read, Set<String> holders) {
      for (String id : toCheck) {
        Optional<KvEntry> entry = read.get(KvKeys.delivery(id));
        if (entry == null) {
          continue;
        }
        if (entry.isEmpty()) {
          checked.put(id, new CommitResult.DeliveryMissing());
          continue;
        }
        Optional<Versioned<DeliveryDocument>> doc = kv.valid(entry.get(), DocumentRule.DELIVERY);
        if (doc.isEmpty()) {
          checked.put(id, new CommitResult.DeliveryInvalid());
        } else if (doc.get().value().status() != DeliveryStatus.PENDING) {
          deliveries.put(id, doc.get());
          holders.add(doc.get().value().droneId());
        }
      }
    }

    /** Deliveries past pending, paired or checked: held by its drone (a retry of ours) or not. */
    private void settleTheDone(Set<String> holders) {
      holders.removeAll(drones.keySet());
      readVersionedDrones(holders).forEach(v -> drones.put(v.value().id(), v));
      for (int i = 0; i < pairs.size(); i++) {
        Versioned<DeliveryDocument> doc = deliveries.get(pairs.get(i).deliveryId());
        if (results[i] == null && doc != null && doc.value().status() != DeliveryStatus.PENDING) {
          results[i] = settledHere(doc.value());
        }
      }
      for (String id : toCheck) {
        Versioned<DeliveryDocument> doc = deliveries.get(id);
        if (doc != null) {
          checked.put(id, settledHere(doc.value()));
        }
      }
    }

    private CommitResult settledHere(DeliveryDocument doc) {
      Versioned<DroneDocument> holder = doc.droneId() == null ? null : drones.get(doc.droneId());
      return settled(doc, Optional.ofNullable(holder).map(Versioned::value));
    }

    /** Claims the free drones, again at the newest version while one stays idle and free. */
    void claim() {
      List<Integer> pending = new ArrayList<>(claimed);
      claimed.clear();
      for (int attempt = 0; attempt < CLAIM_ATTEMPTS && !pending.isEmpty(); attempt++) {
        List<KvOp> ops = new ArrayList<>();
        List<DroneDocument> busy = new ArrayList<>();
        for (int i : pending) {
          Pairing p = pairs.get(i);
          Versioned<DroneDocument> drone = drones.get(p.droneId());
          busy.add(
              DroneStateMachine.claim(p.deliveryId())
                  .apply(Optional.of(drone.value()))
                  .orElseThrow());
          ops.add(
              KvOp.casAtVersion(
                  KvKeys.drone(p.droneId()), drone.version(), encode(busy.get(busy.size() - 1))));
        }
        List<KvOpResult> answers = kv.batch(ops);
        List<Integer> again = new ArrayList<>();
        for (int k = 0; k < pending.size(); k++) {
          int i = pending.get(k);
          String droneId = pairs.get(i).droneId();
          KvOpResult r = answers.get(k);
          Optional<Versioned<DroneDocument>> now = refusedFor(r);
          if (r instanceof KvOpResult.Compared c && c.cas() instanceof CasResult.Applied a) {
            drones.put(droneId, new Versioned<>(busy.get(k), a.entry().version()));
            claimed.add(i);
          } else if (now.isPresent()) {
            drones.put(droneId, now.get());
            if (now.get().value().isIdleAndFree()) {
              again.add(i);
            } else {
              results[i] = new CommitResult.DroneTaken(Optional.of(now.get().value()));
            }
          } else {
            // a refused claim of an absent or no longer valid drone, or the claim's outcome is
            // unknown: if it did land, the drone is busy with a pending delivery and reconcile
            // frees it
            results[i] = new CommitResult.DroneTaken(Optional.empty());
          }
        }
        claimsOnMovedVersion.add(again.size());
        pending = again;
      }
      for (int i : pending) {
        results[i] =
            new CommitResult.DroneTaken(Optional.of(drones.get(pairs.get(i).droneId()).value()));
      }
    }

    /** Assigns the deliveries of the claimed drones at the version read while pending. */
    void assign() {
      if (claimed.isEmpty()) {
        return;
      }
      Instant at = Instant.now(clock);
      List<KvOp> ops = new ArrayList<>();
      List<DeliveryDocument> assigned = new ArrayList<>();
      for (int i : claimed) {
        Pairing p = pairs.get(i);
        Versioned<DeliveryDocument> doc = deliveries.get(p.deliveryId());
        assigned.add(doc.value().assigned(p.droneId(), at));
        ops.add(
            KvOp.casAtVersion(
                KvKeys.delivery(p.deliveryId()),
                doc.version(),
                encode(assigned.get(assigned.size() - 1))));
      }
      List<KvOpResult> answers = kv.batch(ops);
      for (int k = 0; k < claimed.size(); k++) {
        int i = claimed.get(k);
        KvOpResult r = answers.get(k);
        if (r instanceof KvOpResult.Compared c && c.cas() instanceof CasResult.Applied) {
          results[i] = new CommitResult.Committed(assigned.get(k));
        } else if (r instanceof KvOpResult.Unavailable u) {
          results[i] = new CommitResult.Unknown(u.detail());
        } else {
          toRelease.put(i, r.getClass().getSimpleName());
        }
      }
    }

    /** busy with the delivery → idle for every claim whose delivery was not assigned. */
    void releaseLosers() {
      Map<Integer, Boolean> released = new HashMap<>();
      List<Integer> pending = new ArrayList<>(toRelease.keySet());
      for (int attempt = 0; attempt < RELEASE_ATTEMPTS && !pending.isEmpty(); attempt++) {
        List<KvOp> ops = new ArrayList<>();
        for (int i : pending) {
          Pairing p = pairs.get(i);
          Versioned<DroneDocument> drone = drones.get(p.droneId());
          Optional<DroneDocument> idle =
              DroneStateMachine.release(p.deliveryId()).apply(Optional.of(drone.value()));
          ops.add(
              idle.isPresent()
                  ? KvOp.casAtVersion(
                      KvKeys.drone(p.droneId()), drone.version(), encode(idle.get()))
                  : KvOp.get(KvKeys.drone(p.droneId())));
        }
        List<KvOpResult> answers = kv.batch(ops);
        List<Integer> again = new ArrayList<>();
        for (int k = 0; k < pending.size(); k++) {
          int i = pending.get(k);
          KvOpResult r = answers.get(k);
          Optional<Versioned<DroneDocument>> now = refusedFor(r);
          if (r instanceof KvOpResult.Compared c && c.cas() instanceof CasResult.Applied) {
            released.put(i, true);
          } else if (now.isPresent()) {
            drones.put(pairs.get(i).droneId(), now.get());
            again.add(i);
          } else {
            // no longer ours to release (or no longer a valid drone), or unknown: reconcile
            released.put(i, false);
          }
        }
        pending = again;
      }
      for (int i : toRelease.keySet()) {
        boolean ok = released.getOrDefault(i, false);
        if (!ok) {
          log.warn(
              "claim of {} for {} not released, reconcile will free it",
              pairs.get(i).droneId(),
              pairs.get(i).deliveryId());
        }
        results[i] = new CommitResult.RolledBack(toRelease.get(i), ok);
      }
    }

    List<CommitResult> results() {
      return List.of(results);
    }
  }

  /**
   * The drone a refused compare-and-set of a drone answered; empty for any other answer, an absent
   * drone, or one that is no longer a valid drone document.
   */
  private Optional<Versioned<DroneDocument>> refusedFor(KvOpResult r) {
    if (r instanceof KvOpResult.Compared c && c.cas() instanceof CasResult.Conflict conflict) {
      return conflict.current().flatMap(e -> kv.valid(e, DocumentRule.DRONE));
    }
    return Optional.empty();
  }

  /** The entries of {@code keys} read in one batch; a key its replicas did not serve is absent. */
  private Map<String, Optional<KvEntry>> readAll(List<String> keys) {
    List<KvOpResult> answers = kv.batch(keys.stream().map(KvOp::get).toList());
    Map<String, Optional<KvEntry>> out = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      if (answers.get(i) instanceof KvOpResult.Read r) {
        out.put(keys.get(i), r.entry());
      }
    }
    return out;
  }

  /** The drones of {@code ids} (nulls skipped) that exist as valid documents, read in one batch. */
  private List<Versioned<DroneDocument>> readVersionedDrones(Collection<String> ids) {
    List<String> keys =
        ids.stream().filter(Objects::nonNull).distinct().map(KvKeys::drone).toList();
    if (keys.isEmpty()) {
      return List.of();
    }
    return readAll(keys).values().stream()
        .flatMap(Optional::stream)
        .flatMap(e -> kv.valid(e, DocumentRule.DRONE).stream())
        .toList();
  }

  /** A delivery past pending: already ours when its drone holds it, otherwise not pending. */
  private static CommitResult settled(DeliveryDocument doc, Optional<DroneDocument> holder) {
    if (doc.status() == DeliveryStatus.ASSIGNED
        && holder
            .filter(d -> d.status() == DroneStatus.BUSY && doc.id().equals(d.currentDelivery()))
            .isPresent()) {
      return new CommitResult.AlreadyAssigned(doc);
    }
    return new CommitResult.NotPending(doc);
  }

  private tools.jackson.databind.JsonNode encode(Object value) {
    return kv.encode(value);
  }
}
