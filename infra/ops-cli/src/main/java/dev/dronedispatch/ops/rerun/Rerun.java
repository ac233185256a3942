package dev.dronedispatch.ops.rerun;

import dev.dronedispatch.dispatch.config.DispatchConfig;
import dev.dronedispatch.dispatch.fleet.FleetTransition;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DeliveryWaiting;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.fleet.DroneStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Feeds a recorded window through the dispatch topology offline and compares its assignments with
 * the recorded ones.
 *
 * <p>What is compared: for each delivery requested in the window, the drone of its first {@code
 * assigned} event, recorded against replayed (or none, either side, within the window and {@link
 * RerunReader#SETTLE} after it). A decision is a delivery that either side assigned; one the rerun
 * assigned and the recording had not yet, less than SETTLE before the recording ends, is left out
 * (the recorded dispatcher may simply not have got to it yet).
 *
 * <p>Why it can be compared: the recorded system decided with its own timing (several tasks and
 * threads, batches, a KV some milliseconds behind), which a replay cannot reproduce. So every
 * decision is re-made in the recorded context of its moment instead of letting the replay run free:
 * a request is fed at the instant its recorded assignment was made (at its request when the
 * recording has none), after every telemetry record up to then, and before each input the in-memory
 * KV's drone documents are put back to what the recording shows (telemetry and fleet events), the
 * recorded winner as it was before its claim. The replayed dispatcher's own writes to drones never
 * carry over into the next decision. With the policy unchanged each decision meets the fleet the
 * recorded one met and picks the same drone; a changed setting changes the decisions it touches.
 */
public final class Rerun {

  /**
   * How far ahead of a decision a drone given to an older delivery is held for it: the longest
   * epoch of the dispatcher's batch cadence, within which a waiting delivery is offered drones.
   */
  static final java.time.Duration HOLD_FOR_OLDER = java.time.Duration.ofSeconds(5);

  /**
   * How long after its stamp a drone made idle became pickable in the recording: its KV write, then
   * the next round of each task (a round already planning does not see it). 0.5 s: on a recording
   * of the default demo 0.1–0.4 s left two decisions different, 0.5 s none.
   */
  static final java.time.Duration PICKABLE_AFTER = java.time.Duration.ofMillis(500);

  private Rerun() {}

  private sealed interface Input {
    Instant at();
  }

  private record Fix(DroneTelemetry t, Instant at) implements Input {}

  private record Fleet(FleetEvent e, Instant at) implements Input {}

  /** A recorded decision laid over the fleet view. */
  private record Seen(FleetEvent e, Instant at) implements Input {}

  private record Request(DeliveryRequested r, String recordedDrone, Instant at) implements Input {}

  public static RerunResult run(RecordedWindow w, DispatchConfig config) {
    Map<String, DeliveryStatusChanged> recorded = firstAssignments(w.statuses());
    List<Input> inputs = new ArrayList<>();
    w.telemetry().stream().filter(t -> t.ts() != null).forEach(t -> inputs.add(new Fix(t, t.ts())));
    w.fleetEvents().stream()
        .filter(e -> e.ts() != null)
        .forEach(
            e -> {
              inputs.add(new Fleet(e, e.ts()));
              inputs.add(new Seen(e, seenAt(e)));
            });
    Map<String, DeliveryRequested> requests = new LinkedHashMap<>();
    w.requests().stream()
        .sorted(
            Comparator.comparing(
                DeliveryRequested::requestedAt, Comparator.nullsFirst(Comparator.naturalOrder())))
        .forEach(r -> requests.putIfAbsent(r.id(), r));
    Map<String, List<Instant>> claims = claimTimes(w.fleetEvents());
    for (DeliveryRequested r : requests.values()) {
      DeliveryStatusChanged a = recorded.get(r.id());
      Instant at = a == null ? r.requestedAt() : pickedAt(a, claims);
      inputs.add(new Request(r, a == null ? null : a.droneId(), at));
    }
    // at one instant: the fleet first, then the requests oldest first (a round's order)
    inputs.sort(
        Comparator.comparing(Input::at)
            .thenComparing(i -> i instanceof Request)
            .thenComparing(
                i -> i instanceof Request q ? q.r().requestedAt() : Instant.EPOCH,
                Comparator.nullsFirst(Comparator.naturalOrder())));

    Map<String, String> replayed = new HashMap<>();
    Map<String, String> whyWaiting = new HashMap<>();
    RecordedFleet fleet = new RecordedFleet();
    Set<String> changed = new HashSet<>();
    try (OfflineDispatch offline = new OfflineDispatch(config, w.start())) {
      for (Input in : inputs) {
        advance(offline, in.at(), fleet, changed, replayed, whyWaiting);
        if (in instanceof Fix f) {
          if (fleet.apply(f.t())) {
            changed.add(f.t().droneId());
          }
          offline.telemetry(f.t());
        } else if (in instanceof Fleet f) {
          if (fleet.apply(f.e())) {
            changed.add(f.e().droneId());
          }
        } else if (in instanceof Seen f) {
          offline.decided(f.e().droneId(), f.e().to(), f.e().ts());
        } else if (in instanceof Request q) {
          restore(offline, fleet, changed);
          holdForOlder(q, recorded.values(), fleet, offline, changed);
          if (q.recordedDrone() != null) {
            fleet
                .beforeItsClaim(q.recordedDrone())
                .ifPresent(
                    d -> {
                      offline.putDrone(d);
                      offline.decided(d.id(), d.status(), q.at());
                    });
          }
          offline.request(q.r());
        }
        collect(offline, replayed, whyWaiting);
      }
      advance(offline, w.end(), fleet, changed, replayed, whyWaiting);
    }

    int decisions = 0;
    List<Difference> differences = new ArrayList<>();
    for (DeliveryRequested r : requests.values()) {
      DeliveryStatusChanged a = recorded.get(r.id());
      String recordedDrone = a == null ? null : a.droneId();
      String replayedDrone = replayed.get(r.id());
      if (recordedDrone == null
          && (replayedDrone == null
              || !r.requestedAt().plus(RerunReader.SETTLE).isBefore(w.end()))) {
        continue; // neither assigned it, or the recording may not have decided yet
      }
      decisions++;
      if (!Objects.equals(recordedDrone, replayedDrone)) {
        differences.add(
            new Difference(
                r.id(), r.requestedAt(), recordedDrone, replayedDrone, whyWaiting.get(r.id())));
      }
    }
    return new RerunResult(decisions, differences);
  }

  /**
   * The drones the recording gives to older deliveries shortly after {@code q}'s decision are held
   * for them: the recorded dispatcher kept them back (an older delivery waiting in another task
   * reserves the drone its pick would choose, see OlderClaims), but the replay feeds each request
   * at its own decision's instant, so those older deliveries are not yet waiting in it.
   */
  private static void holdForOlder(
      Request q,
      java.util.Collection<DeliveryStatusChanged> assignments,
      RecordedFleet fleet,
      OfflineDispatch offline,
      Set<String> changed) {
    Instant requested = q.r().requestedAt();
    if (requested == null) {
      return;
    }
    for (DeliveryStatusChanged a : assignments) {
      if (a.ts().isAfter(q.at())
          && !a.ts().isAfter(q.at().plus(HOLD_FOR_OLDER))
          && a.requestedAt() != null
          && a.requestedAt().isBefore(requested)) {
        fleet
            .doc(a.droneId())
            .ifPresent(
                d -> {
                  offline.putDrone(d.withControl(DroneStatus.BUSY, a.deliveryId(), 0, List.of()));
                  offline.decided(d.id(), DroneStatus.BUSY, q.at());
                  changed.add(d.id()); // the recorded document goes back before the next input
                });
      }
    }
  }

  /** Runs the punctuators up to {@code until}, the recorded fleet put back before each. */
  private static void advance(
      OfflineDispatch offline,
      Instant until,
      RecordedFleet fleet,
      Set<String> changed,
      Map<String, String> replayed,
      Map<String, String> whyWaiting) {
    while (offline.now().isBefore(until)) {
      restore(offline, fleet, changed);
      offline.tickToward(until);
      collect(offline, replayed, whyWaiting);
    }
  }

  /** Puts back the recorded documents of the drones that changed or that the dispatcher wrote. */
  private static void restore(OfflineDispatch offline, RecordedFleet fleet, Set<String> changed) {
    changed.addAll(offline.dronesWritten());
    for (String id : changed) {
      fleet.doc(id).ifPresent(offline::putDrone);
    }
    changed.clear();
    offline.dronesWritten(); // our own writes
  }

  private static void collect(
      OfflineDispatch offline, Map<String, String> replayed, Map<String, String> whyWaiting) {
    for (DeliveryStatusChanged e : offline.statusEvents()) {
      if (e.status() == DeliveryStatus.ASSIGNED) {
        replayed.putIfAbsent(e.deliveryId(), e.droneId());
      }
    }
    for (DeliveryWaiting e : offline.waitingEvents()) {
      whyWaiting.putIfAbsent(e.deliveryId(), e.reason()); // why at its decision's instant
    }
  }

  /**
   * When the recorded dispatcher's picks could see a decision: one that takes a drone away at once
   * (a pick never chose a drone that was already leaving), one that makes it pickable only once its
   * KV write was done, which its stamp, taken before the write, precedes.
   */
  private static Instant seenAt(FleetEvent e) {
    return e.to() == DroneStatus.IDLE ? e.ts().plus(PICKABLE_AFTER) : e.ts();
  }

  /** Each drone's claims (idle → busy, assigned), by time. */
  private static Map<String, List<Instant>> claimTimes(List<FleetEvent> events) {
    Map<String, List<Instant>> claims = new HashMap<>();
    events.stream()
        .filter(
            e ->
                e.ts() != null
                    && e.from() == DroneStatus.IDLE
                    && e.to() == DroneStatus.BUSY
                    && FleetTransition.ASSIGNED.equals(e.reason()))
        .sorted(Comparator.comparing(FleetEvent::ts))
        .forEach(e -> claims.computeIfAbsent(e.droneId(), k -> new ArrayList<>()).add(e.ts()));
    return claims;
  }

  /**
   * When the recorded pick was made: the stamp of its drone's claim, taken at the start of the
   * round, before the KV writes whose instant the {@code assigned} event carries (what changed in
   * between, the pick did not see); the {@code assigned} instant when no claim was recorded.
   */
  private static Instant pickedAt(DeliveryStatusChanged a, Map<String, List<Instant>> claims) {
    Instant at = a.ts();
    for (Instant claim : claims.getOrDefault(a.droneId(), List.of())) {
      if (!claim.isAfter(a.ts())) {
        at = claim;
      }
    }
    return at;
  }

  private static Map<String, DeliveryStatusChanged> firstAssignments(
      List<DeliveryStatusChanged> statuses) {
    Map<String, DeliveryStatusChanged> first = new HashMap<>();
    statuses.stream()
        .filter(e -> e.status() == DeliveryStatus.ASSIGNED && e.ts() != null)
        .sorted(Comparator.comparing(DeliveryStatusChanged::ts))
        .forEach(e -> first.putIfAbsent(e.deliveryId(), e));
    return first;
  }
}
