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
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a pick implies for the drones it looked at, whatever drone it chose: an idle drone at
 * critical battery goes charging; a drone too weak for the trip counts a feasibility miss (once per
 * delivery) and goes charging at EARLY_CHARGE_THRESHOLD distinct misses; a drone feasible again has
 * its misses reset.
 */
final class PickConsequences {

  private static final int MISS_MEMORY = 10_000;

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

  void apply(PickResult pick, DeliveryRequested req, Instant now) {
    for (DroneView d : pick.batteryCritical()) {
      sendCharging(d, req, now);
    }
    for (DroneView d : pick.infeasible()) {
      countMiss(d, req, now);
    }
    for (DroneView d : pick.feasible()) {
      if (knownMisses.remove(d.id()) != null && fleetCommands.resetMisses(d.id(), book).applied()) {
        chargeLog.line("pick_drone:feas_miss_reset", d.id(), "delivery", req.id());
      }
    }
  }

  private void sendCharging(DroneView d, DeliveryRequested req, Instant now) {
    FleetTransition t =
        new FleetTransition(
            d.id(),
            DroneStatus.IDLE,
            DroneStatus.CHARGING,
            FleetTransition.CHARGE_BATTERY_CRITICAL);
    Instant decidedAt = Instant.now(clock); // before the write: see DispatchOutput#fleetEvent
    FleetCommands.Outcome o = fleetCommands.apply(t, false);
    if (o.applied()) {
      chargeLog.line(
          "pick_drone:battery_critical", d.id(), "battery", d.battery(), "delivery", req.id());
      out.transitioned(t, decidedAt);
    } else {
      o.current().ifPresent(doc -> out.learn(doc, now));
    }
  }

  private void countMiss(DroneView d, DeliveryRequested req, Instant now) {
    if (!missCounted.add(d.id() + "|" + req.id())) {
      chargeLog.debug("pick_drone:feas_miss_duplicate", d.id(), "delivery", req.id());
      return;
    }
    Instant decidedAt = Instant.now(clock); // before the write: see DispatchOutput#fleetEvent
    FleetCommands.MissOutcome m = fleetCommands.recordMiss(d.id(), req.id(), book);
    if (!m.write().applied()) {
      m.write().current().ifPresent(doc -> out.learn(doc, now));
      return;
    }
    DroneDocument doc = m.write().current().orElseThrow();
    chargeLog.line(
        m.kind().logReason(),
        d.id(),
        "feas_miss",
        doc.feasMiss(),
        "battery",
        d.battery(),
        "delivery",
        req.id());
    if (m.kind() == FeasibilityBook.Kind.THRESHOLD_UNIQUE) {
      knownMisses.remove(d.id());
      out.transitioned(
          new FleetTransition(
              d.id(), DroneStatus.IDLE, DroneStatus.CHARGING, FleetTransition.CHARGE_FEAS_MISS),
          decidedAt);
    } else {
      knownMisses.put(d.id(), doc.feasMiss());
    }
  }
}
