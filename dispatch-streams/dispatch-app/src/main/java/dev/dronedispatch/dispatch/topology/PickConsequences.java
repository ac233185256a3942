package dev.dronedispatch.dispatch.topology;

import dev.dronedispatch.dispatch.assignment.PickResult;
import dev.dronedispatch.dispatch.commit.FleetCommands;
import dev.dronedispatch.dispatch.fleet.DroneView;
import dev.dronedispatch.dispatch.fleet.FeasibilityBook;
import dev.dronedispatch.dispatch.fleet.FleetTransition;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a round's picks imply for the drones they looked at, whatever drones they chose: an idle
 * drone at critical battery goes charging; a drone too weak for the trip counts a feasibility miss
 * (once per delivery) and goes charging at EARLY_CHARGE_THRESHOLD distinct misses; a drone feasible
 * again has its misses reset.
 *
 * <p>The picks only note what they saw ({@link #note}); {@link #write} then writes it all in a few
 * batched round trips before the round commits. Written pick by pick, these were two sequential KV
 * round trips per drone missed and the largest share of a round's time under load.
 */
final class PickConsequences {

  private static final int MISS_MEMORY = 10_000;

  /** A drone found at critical battery, and the delivery whose pick found it. */
  private record Critical(DroneView drone, String deliveryId) {}

  private final FleetCommands fleetCommands;
  private final FeasibilityBook book;
  private final ChargeLog chargeLog;
  private final DispatchOutput out;
  private final Clock clock;

  /** (drone, delivery) pairs already counted in feas_miss by this task, bounded. */
  private final Set<String> missCounted =
      Collections.newSetFromMap(
          new LinkedHashMap<String, Boolean>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > MISS_MEMORY;
            }
          });

  /** Drones this task knows to have feas_miss counters, so a feasible pick resets them. */
  private final Map<String, Integer> knownMisses = new HashMap<>();

  private final Map<String, Critical> critical = new LinkedHashMap<>();
  private final Map<String, List<FeasibilityBook.Sighting>> sightings = new LinkedHashMap<>();

  /** The battery each sighted drone reported when it was sighted, for the charge log. */
  private final Map<String, Double> sightedBattery = new HashMap<>();

  PickConsequences(
      FleetCommands fleetCommands,
      FeasibilityBook book,
      ChargeLog chargeLog,
      DispatchOutput out,
      Clock clock) {
    this.fleetCommands = fleetCommands;
    this.book = book;
    this.chargeLog = chargeLog;
    this.out = out;
    this.clock = clock;
  }

  /** Notes what one pick found; nothing is written until {@link #write}. */
  void note(PickResult pick, DeliveryRequested req) {
    for (DroneView d : pick.batteryCritical()) {
      critical.putIfAbsent(d.id(), new Critical(d, req.id()));
    }
    for (DroneView d : pick.infeasible()) {
      if (missCounted.add(d.id() + "|" + req.id())) {
        sight(d, new FeasibilityBook.Sighting(req.id(), false));
      } else {
        chargeLog.debug("pick_drone:feas_miss_duplicate", d.id(), "delivery", req.id());
      }
    }
    for (DroneView d : pick.feasible()) {
      if (knownMisses.containsKey(d.id()) || sightings.containsKey(d.id())) {
        sight(d, new FeasibilityBook.Sighting(req.id(), true));
      }
    }
  }

  /** Writes everything noted since the last call: critical drones first, then the tallies. */
  void write(Instant now) {
    if (!critical.isEmpty()) {
      sendCharging(new ArrayList<>(critical.values()), now);
      critical.clear();
    }
    if (!sightings.isEmpty()) {
      Map<String, List<FeasibilityBook.Sighting>> noted = new LinkedHashMap<>(sightings);
      Map<String, Double> battery = new HashMap<>(sightedBattery);
      sightings.clear();
      sightedBattery.clear();
      record(noted, battery, now);
    }
  }

  private void sight(DroneView d, FeasibilityBook.Sighting s) {
    sightings.computeIfAbsent(d.id(), k -> new ArrayList<>()).add(s);
    sightedBattery.put(d.id(), d.battery());
  }

  private void sendCharging(List<Critical> found, Instant now) {
    List<FleetTransition> wanted =
        found.stream()
            .map(
                c ->
                    new FleetTransition(
                        c.drone().id(),
                        DroneStatus.IDLE,
                        DroneStatus.CHARGING,
                        FleetTransition.CHARGE_BATTERY_CRITICAL))
            .toList();
    Instant decidedAt = Instant.now(clock); // before the write: see DispatchOutput#fleetEvent
    List<FleetCommands.Outcome> outcomes = fleetCommands.applyAll(wanted);
    for (int i = 0; i < wanted.size(); i++) {
      FleetCommands.Outcome o = outcomes.get(i);
      Critical c = found.get(i);
      if (o.applied()) {
        chargeLog.line(
            "pick_drone:battery_critical",
            c.drone().id(),
            "battery",
            c.drone().battery(),
            "delivery",
            c.deliveryId());
        out.transitioned(wanted.get(i), decidedAt);
      } else {
        o.current().ifPresent(doc -> out.learn(doc, now));
      }
    }
  }

  private void record(
      Map<String, List<FeasibilityBook.Sighting>> noted, Map<String, Double> battery, Instant now) {
    Instant decidedAt = Instant.now(clock); // before the write: see DispatchOutput#fleetEvent
    fleetCommands
        .recordSightings(noted, book)
        .forEach(
            (droneId, outcome) -> {
              if (!outcome.write().applied()) {
                outcome.write().current().ifPresent(doc -> out.learn(doc, now));
                return;
              }
              DroneDocument doc = outcome.write().current().orElseThrow();
              for (FeasibilityBook.Step step : outcome.tally().steps()) {
                logStep(droneId, step, battery.get(droneId));
              }
              if (outcome.tally().sentCharging()) {
                out.transitioned(
                    new FleetTransition(
                        droneId,
                        DroneStatus.IDLE,
                        DroneStatus.CHARGING,
                        FleetTransition.CHARGE_FEAS_MISS),
                    decidedAt);
              }
              if (doc.feasMiss() > 0) {
                knownMisses.put(droneId, doc.feasMiss());
              } else {
                knownMisses.remove(droneId);
              }
            });
  }

  private void logStep(String droneId, FeasibilityBook.Step step, Double battery) {
    if (step.kind() == FeasibilityBook.Kind.RESET) {
      chargeLog.line(step.kind().logReason(), droneId, "delivery", step.deliveryId());
    } else {
      chargeLog.line(
          step.kind().logReason(),
          droneId,
          "feas_miss",
          step.feasMissAfter(),
          "battery",
          battery,
          "delivery",
          step.deliveryId());
    }
  }
}
