package dev.dronedispatch.dispatch.commit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
import java.time.Duration;
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
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a round of (delivery, drone) pairs in a few batched KV round trips, whatever the round's
 * size, and without locks: every write is a compare-and-set on a version read.
 *
 * <ol>
 *   <li>read every delivery and drone of the round — in the same request, a drone an earlier answer
 *       showed idle and free ({@link KnownDrones}) is claimed at that version instead of read;
 *   <li>claim each free drone: idle → busy with its delivery, at the version read (a drone whose
 *       version moved while it stayed idle and free, e.g. the simulator's position merge, is
 *       claimed again at the new version);
 *   <li>assign each delivery whose drone was claimed: pending → assigned, at the version read;
 *   <li>release the drones whose delivery could not be assigned, or turned out not pending.
 * </ol>
 *
 * Each pair moves one step per request and the pairs share it, the assignments leaving once no
 * claim is left to send, so a round whose drones were all known takes two requests (claims with the
 * read, then the assignments), otherwise three.
 *
 * <p>Why no lock is needed: a drone is claimed only from idle and free, so two claims of one drone
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
  private static final Duration PENDING_TRUSTED_FOR = Duration.ofSeconds(30);

  /** Far above the deliveries a task waits on; one pushed out is read before its claim. */
  private static final long MAX_READ_PENDING = 100_000;

  private final BlockingKv kv;
  private final KnownDrones known;
  private final Clock clock;
  private final BatchUpdate<DeliveryDocument> deliveryUpdates;

  /** Claims refused because the drone's version moved while it stayed idle and free. */
  private final LongAdder claimsOnMovedVersion = new LongAdder();

  /** Claims sent at a version an earlier answer showed, without reading the drone first. */
  private final LongAdder claimsAtKnownVersion = new LongAdder();

  /**
   * Deliveries this committer's latest read found pending, and no write of its own moved on since.
   * Only their drones are claimed beside the delivery's read: a drone claimed for a delivery that
   * is held already would show both drones holding it until the release, to every reader of the KV
   * (the simulator flies the drones the KV shows busy). Forgotten when a task starts here ({@link
   * #forgetReadPending}), so only the task's own writes can have moved such a delivery on; a read
   * older than {@link #PENDING_TRUSTED_FOR} is not trusted either.
   */
  private final Cache<String, Boolean> readPending =
      Caffeine.newBuilder()
          .maximumSize(MAX_READ_PENDING)
          .expireAfterWrite(PENDING_TRUSTED_FOR)
          .build();

  /**
   * {@code clock} stamps {@code assigned_at} at the moment of the delivery's compare-and-set, after
   * the drone was claimed, so a drone's previous delivery is always stamped delivered earlier.
   */
  public AssignmentCommitter(BlockingKv kv, KnownDrones known, Clock clock) {
    this.kv = kv;
    this.known = known;
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

  /**
   * How many claims, since start, were sent at a version an earlier KV answer showed, in the
   * round's first request instead of after a read of the drone.
   */
  public long claimsAtKnownVersion() {
    return claimsAtKnownVersion.sum();
  }

  /**
   * Forgets which deliveries were read pending. A task that starts here may own deliveries that
   * another instance assigned while it owned them — including a task this instance owned before and
   * read the deliveries of — so their drones are read before they are claimed again.
   */
  public void forgetReadPending() {
    readPending.invalidateAll();
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
    readPending.invalidateAll(changes.keySet());
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
    round.advance();
    return new RoundOutcome(round.results(), round.checked);
  }

  /** What the round knows of a pair's drone after its first batch. */
  private enum DroneState {
    /** Claimed for the pair's delivery. */
    CLAIMED,
    /** Idle and free at the version in {@code drones}: to be claimed. */
    FREE,
    /** Not idle and free, absent, not a valid document, or a claim's outcome unknown. */
    TAKEN,
    /** Its replicas did not answer. */
    NOT_SERVED
  }

  /**
   * The state of one commit round. After the first read, every pair moves one step per batched
   * request and every pair's next step goes in the same request: claim its drone, assign its
   * delivery, or release a claim whose delivery was not assigned.
   */
  private final class Round {
    private final List<Pairing> pairs;
    private final List<String> toCheck;
    private final CommitResult[] results;
    private final Map<String, CommitResult> checked = new HashMap<>();
    private final Map<String, Versioned<DeliveryDocument>> deliveries = new HashMap<>();
    private final Map<String, Versioned<DroneDocument>> drones = new HashMap<>();

    /** Pairs whose drone is to be claimed at its version in {@code drones}: claims sent so far. */
    private final Map<Integer, Integer> toClaim = new LinkedHashMap<>();

    /** Pairs whose drone is claimed and whose delivery is pending. */
    private final List<Integer> toAssign = new ArrayList<>();

    /** Claims to undo, with why; the pair's result is decided by the release unless known. */
    private final Map<Integer, String> toRelease = new LinkedHashMap<>();

    private final Map<Integer, Integer> releasesSent = new HashMap<>();

    Round(List<Pairing> pairs, List<String> toCheck) {
      this.pairs = pairs;
      this.toCheck = toCheck;
      this.results = new CommitResult[pairs.size()];
    }

    /**
     * One batch: every delivery, and each drone — claimed at once when an earlier answer showed it
     * idle and free ({@link KnownDrones}), read otherwise.
     */
    void read() {
      List<KvOp> ops = new ArrayList<>();
      Map<Integer, DroneDocument> claimedAtKnown = new HashMap<>();
      for (int i = 0; i < pairs.size(); i++) {
        Pairing p = pairs.get(i);
        ops.add(KvOp.get(KvKeys.delivery(p.deliveryId())));
        Optional<Versioned<DroneDocument>> known =
            readPending.getIfPresent(p.deliveryId()) == null
                ? Optional.empty()
                : knownIdleAndFree(p.droneId());
        if (known.isPresent()) {
          drones.put(p.droneId(), known.get());
          DroneDocument busy = busyWith(p, known.get().value());
          claimedAtKnown.put(i, busy);
          ops.add(claimOp(p, known.get().version(), busy));
        } else {
          ops.add(KvOp.get(KvKeys.drone(p.droneId())));
        }
      }
      claimsAtKnownVersion.add(claimedAtKnown.size());
      toCheck.forEach(id -> ops.add(KvOp.get(KvKeys.delivery(id))));
      List<KvOpResult> answers = kv.batch(ops);
      Map<String, Optional<KvEntry>> checkedReads = new HashMap<>();
      for (int k = 0; k < toCheck.size(); k++) {
        if (answers.get(2 * pairs.size() + k) instanceof KvOpResult.Read r) {
          checkedReads.put(KvKeys.delivery(toCheck.get(k)), r.entry());
        }
      }
      Set<String> holders = new LinkedHashSet<>();
      check(checkedReads, holders);
      for (int i = 0; i < pairs.size(); i++) {
        DroneState drone =
            claimedAtKnown.containsKey(i)
                ? claimAnswered(i, claimedAtKnown.get(i), answers.get(2 * i + 1), 1)
                : droneRead(i, answers.get(2 * i + 1));
        deliveryRead(i, answers.get(2 * i), drone, holders);
      }
      settleTheDone(holders);
    }

    private DroneState droneRead(int i, KvOpResult answer) {
      if (!(answer instanceof KvOpResult.Read r)) {
        return DroneState.NOT_SERVED;
      }
      // an invalid drone document reads as no drone: never claimed, the delivery picks again
      Optional<Versioned<DroneDocument>> drone =
          r.entry().flatMap(e -> kv.valid(e, DocumentRule.DRONE));
      drone.ifPresent(v -> drones.put(pairs.get(i).droneId(), v));
      if (drone.isPresent() && drone.get().value().isIdleAndFree()) {
        return DroneState.FREE;
      }
      results[i] = new CommitResult.DroneTaken(drone.map(Versioned::value));
      return DroneState.TAKEN;
    }

    /** What the pair's delivery, as read, makes of it given its drone's state. */
    private void deliveryRead(int i, KvOpResult answer, DroneState drone, Set<String> holders) {
      Pairing p = pairs.get(i);
      boolean claimed = drone == DroneState.CLAIMED;
      if (!(answer instanceof KvOpResult.Read r)) {
        toClaim.remove(i);
        if (claimed) {
          toRelease.put(i, "DeliveryNotServed");
        } else if (results[i] == null) {
          results[i] = new CommitResult.DroneTaken(Optional.empty()); // not served: next round
        }
        return;
      }
      Optional<Versioned<DeliveryDocument>> valid =
          r.entry().flatMap(e -> kv.valid(e, DocumentRule.DELIVERY));
      rememberIfPending(p.deliveryId(), valid);
      if (r.entry().isEmpty() || valid.isEmpty()) {
        results[i] =
            r.entry().isEmpty()
                ? new CommitResult.DeliveryMissing()
                : new CommitResult.DeliveryInvalid();
        undo(i, claimed);
        return;
      }
      Versioned<DeliveryDocument> doc = valid.get();
      deliveries.put(p.deliveryId(), doc);
      if (doc.value().status() != DeliveryStatus.PENDING) {
        holders.add(doc.value().droneId());
        results[i] = null; // settled once its holder is read
        undo(i, claimed);
        return;
      }
      switch (drone) {
        case CLAIMED -> toAssign.add(i);
        case FREE -> toClaim.putIfAbsent(i, 0);
        case NOT_SERVED -> results[i] = new CommitResult.DroneTaken(Optional.empty());
        case TAKEN -> {
          // decided when the drone's answer was read
        }
      }
    }

    /** A claim made for a delivery that is not to be assigned is released; its result stands. */
    private void undo(int i, boolean claimed) {
      toClaim.remove(i);
      if (claimed) {
        toRelease.put(i, "DeliveryNotPending");
      }
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
        rememberIfPending(id, doc);
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

    /** Batches of every pair's next step until no pair has one left. */
    void advance() {
      while (!toClaim.isEmpty() || !toAssign.isEmpty() || !toRelease.isEmpty()) {
        NextSteps steps = new NextSteps();
        // stamped after every claim it follows answered, before its own compare-and-set: a
        // drone's previous delivery is always stamped delivered earlier
        Instant at = Instant.now(clock);
        // no assignment leaves while a claim of the round is still to be sent: an instance that
        // dies after an assignment landed leaves no claim behind without its assignment
        if (toClaim.isEmpty()) {
          takeAll(toAssign).forEach(i -> assign(steps, i, at));
        }
        takeAll(toClaim).forEach((i, sent) -> claim(steps, i, sent + 1));
        takeAll(toRelease).forEach((i, why) -> release(steps, i, why));
        steps.send();
      }
    }

    /** Assigns pair {@code i}'s delivery to its claimed drone, at the version read. */
    private void assign(NextSteps steps, int i, Instant at) {
      Pairing p = pairs.get(i);
      Versioned<DeliveryDocument> doc = deliveries.get(p.deliveryId());
      DeliveryDocument assigned = doc.value().assigned(p.droneId(), at);
      steps.add(
          KvOp.casAtVersion(KvKeys.delivery(p.deliveryId()), doc.version(), encode(assigned)),
          answer -> assignAnswered(i, assigned, answer));
    }

    /** The {@code sent}-th claim of pair {@code i}'s drone, at its version in {@code drones}. */
    private void claim(NextSteps steps, int i, int sent) {
      Pairing p = pairs.get(i);
      Versioned<DroneDocument> drone = drones.get(p.droneId());
      DroneDocument busy = busyWith(p, drone.value());
      steps.add(
          claimOp(p, drone.version(), busy),
          answer -> {
            if (claimAnswered(i, busy, answer, sent) == DroneState.CLAIMED) {
              toAssign.add(i);
            }
          });
    }

    /** Undoes pair {@code i}'s claim at its drone's version in {@code drones}. */
    private void release(NextSteps steps, int i, String why) {
      Pairing p = pairs.get(i);
      Versioned<DroneDocument> drone = drones.get(p.droneId());
      Optional<DroneDocument> idle =
          DroneStateMachine.release(p.deliveryId()).apply(Optional.of(drone.value()));
      steps.add(
          idle.isPresent()
              ? KvOp.casAtVersion(KvKeys.drone(p.droneId()), drone.version(), encode(idle.get()))
              : KvOp.get(KvKeys.drone(p.droneId())),
          answer -> releaseAnswered(i, why, answer));
    }

    /**
     * The answer to the {@code sent}-th claim of pair {@code i}'s drone: claimed, to be claimed
     * again at the new version while the drone stays idle and free, or taken.
     */
    private DroneState claimAnswered(int i, DroneDocument busy, KvOpResult answer, int sent) {
      String droneId = pairs.get(i).droneId();
      Optional<Versioned<DroneDocument>> now = refusedFor(answer);
      if (answer instanceof KvOpResult.Compared c && c.cas() instanceof CasResult.Applied a) {
        drones.put(droneId, new Versioned<>(busy, a.entry().version()));
        return DroneState.CLAIMED;
      }
      if (now.isPresent()) {
        drones.put(droneId, now.get());
        if (now.get().value().isIdleAndFree()) {
          claimsOnMovedVersion.increment();
          if (sent < CLAIM_ATTEMPTS) {
            toClaim.put(i, sent);
            return DroneState.FREE;
          }
        }
        results[i] = new CommitResult.DroneTaken(Optional.of(now.get().value()));
        return DroneState.TAKEN;
      }
      // a refused claim of an absent or no longer valid drone, or the claim's outcome is unknown:
      // if it did land, the drone is busy with a delivery it does not hold and reconcile frees it
      results[i] = new CommitResult.DroneTaken(Optional.empty());
      return DroneState.TAKEN;
    }

    private void assignAnswered(int i, DeliveryDocument assigned, KvOpResult answer) {
      readPending.invalidate(assigned.id()); // assigned, taken by another, or unknown
      if (answer instanceof KvOpResult.Compared c && c.cas() instanceof CasResult.Applied) {
        results[i] = new CommitResult.Committed(assigned);
      } else if (answer instanceof KvOpResult.Unavailable u) {
        results[i] = new CommitResult.Unknown(u.detail());
      } else {
        toRelease.put(i, answer.getClass().getSimpleName());
      }
    }

    /** busy with the delivery → idle, again at the newest version while the claim is ours. */
    private void releaseAnswered(int i, String why, KvOpResult answer) {
      Optional<Versioned<DroneDocument>> now = refusedFor(answer);
      int sent = releasesSent.merge(i, 1, Integer::sum);
      if (answer instanceof KvOpResult.Compared c && c.cas() instanceof CasResult.Applied) {
        released(i, why, true);
      } else if (now.isPresent() && sent < RELEASE_ATTEMPTS) {
        drones.put(pairs.get(i).droneId(), now.get());
        toRelease.put(i, why);
      } else {
        // no longer ours to release (or no longer a valid drone), or unknown: reconcile
        released(i, why, false);
      }
    }

    private void released(int i, String why, boolean ok) {
      if (!ok) {
        log.warn(
            "claim of {} for {} not released, reconcile will free it",
            pairs.get(i).droneId(),
            pairs.get(i).deliveryId());
      }
      if (results[i] == null) {
        results[i] = new CommitResult.RolledBack(why, ok);
      }
    }

    List<CommitResult> results() {
      return List.of(results);
    }
  }

  /** Remembers whether the delivery's document, as just read, is pending. */
  private void rememberIfPending(String deliveryId, Optional<Versioned<DeliveryDocument>> doc) {
    if (doc.filter(d -> d.value().status() == DeliveryStatus.PENDING).isPresent()) {
      readPending.put(deliveryId, Boolean.TRUE);
    } else {
      readPending.invalidate(deliveryId);
    }
  }

  /** The drone as an earlier KV answer showed it, if that was idle, free and a valid document. */
  private Optional<Versioned<DroneDocument>> knownIdleAndFree(String droneId) {
    return known
        .newest(KvKeys.drone(droneId))
        .flatMap(e -> kv.valid(e, DocumentRule.DRONE))
        .filter(v -> v.value().isIdleAndFree());
  }

  private static DroneDocument busyWith(Pairing p, DroneDocument idle) {
    return DroneStateMachine.claim(p.deliveryId()).apply(Optional.of(idle)).orElseThrow();
  }

  private KvOp claimOp(Pairing p, long version, DroneDocument busy) {
    return KvOp.casAtVersion(KvKeys.drone(p.droneId()), version, encode(busy));
  }

  private static List<Integer> takeAll(List<Integer> list) {
    List<Integer> taken = List.copyOf(list);
    list.clear();
    return taken;
  }

  private static <V> Map<Integer, V> takeAll(Map<Integer, V> map) {
    Map<Integer, V> taken = new LinkedHashMap<>(map);
    map.clear();
    return taken;
  }

  /** One batched request of the pairs' next steps, each with what its answer does. */
  private final class NextSteps {
    private final List<KvOp> ops = new ArrayList<>();
    private final List<Consumer<KvOpResult>> onAnswer = new ArrayList<>();

    void add(KvOp op, Consumer<KvOpResult> then) {
      ops.add(op);
      onAnswer.add(then);
    }

    void send() {
      List<KvOpResult> answers = kv.batch(ops);
      for (int k = 0; k < ops.size(); k++) {
        onAnswer.get(k).accept(answers.get(k));
      }
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
