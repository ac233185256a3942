package dev.dronedispatch.dispatch.fleet;

import dev.dronedispatch.dispatch.assignment.DronePicker;
import dev.dronedispatch.dispatch.assignment.Exclusions;
import dev.dronedispatch.dispatch.assignment.PickResult;
import dev.dronedispatch.dispatch.index.FleetIndex;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The whole fleet as one dispatcher instance sees it: the latest telemetry of every drone (fed by
 * the global store, so every instance sees every drone), with this instance's own committed
 * decisions laid over it until telemetry agrees or the overlay ages out (telemetry lags a decision
 * by a simulator tick or two; the KV compare-and-set stays the final guard). Keeps the per-class
 * spatial index of pickable drones in step, without the drones silent for DRONE_LOST_AFTER_MS (a
 * silent drone is not picked even before the governor marks it lost: other instances never learn
 * that from its telemetry, since it sends none). Thread-safe: the global-store thread writes while
 * stream threads read and pick.
 */
public final class FleetView {

  private record Overlay(DroneStatus status, String delivery, Instant decidedAt) {}

  /** A report this close to the previous one is the drone staying where it was. */
  private static final double MOVED_KM = 0.001;

  /** How often, in telemetry time, the index is swept of drones gone silent. */
  private static final Duration SILENCE_SWEEP = Duration.ofSeconds(1);

  private final Map<String, DroneView> telemetry = new HashMap<>();
  private final Map<String, Overlay> overlays = new HashMap<>();

  /**
   * Drones a task of this instance picked and is committing: no other task picks them meanwhile.
   */
  private final Set<String> held = new HashSet<>();

  private final Map<String, Instant> lastMoved = new HashMap<>();
  private final Set<String> silent = new HashSet<>();
  private Instant newestReport = Instant.EPOCH;
  private Instant lastSilenceSweep = Instant.EPOCH;

  private final FleetIndex index;
  private final Duration overlayTtl;
  private final Duration lostAfter;

  public FleetView(Duration overlayTtl, Duration lostAfter) {
    this(new FleetIndex(), overlayTtl, lostAfter);
  }

  public FleetView(FleetIndex index, Duration overlayTtl, Duration lostAfter) {
    this.index = index;
    this.overlayTtl = overlayTtl;
    this.lostAfter = lostAfter;
  }

  /** A telemetry record arrived (or was restored); a null value removes the drone. */
  public synchronized void onTelemetry(String droneId, DroneTelemetry t) {
    if (t == null) {
      telemetry.remove(droneId);
      overlays.remove(droneId);
      lastMoved.remove(droneId);
      silent.remove(droneId);
      index.remove(droneId);
      return;
    }
    DroneView v = DroneView.of(t);
    DroneView previous = telemetry.put(droneId, v);
    if (v.ts() != null) {
      if (v.ts().isAfter(newestReport)) {
        newestReport = v.ts();
      }
      if (previous == null
          || previous.pos() == null
          || v.pos() == null
          || previous.pos().distanceKmTo(v.pos()) > MOVED_KM) {
        lastMoved.put(droneId, v.ts());
      }
    }
    silent.remove(droneId);
    Overlay o = overlays.get(droneId);
    if (o != null
        && o.status() == v.status()
        && Objects.equals(o.delivery(), v.currentDelivery())) {
      overlays.remove(droneId);
    }
    index.update(effective(droneId, v));
  }

  /** This instance committed (or learned from the KV) a drone's control state. */
  public synchronized void onDecision(
      String droneId, DroneStatus status, String delivery, Instant now) {
    overlays.put(droneId, new Overlay(status, delivery, now));
    DroneView v = telemetry.get(droneId);
    if (v != null) {
      reindex(droneId, effective(droneId, v));
    }
  }

  /** When the drone was last heard from and seen moving; empty if it never reported. */
  public synchronized Optional<DroneSighting> sighting(String droneId) {
    DroneView v = telemetry.get(droneId);
    if (v == null || v.ts() == null) {
      return Optional.empty();
    }
    return Optional.of(
        new DroneSighting(v.ts(), lastMoved.getOrDefault(droneId, v.ts()), newestReport));
  }

  public synchronized Optional<DroneView> get(String droneId, Instant now) {
    expireOverlays(now);
    DroneView v = telemetry.get(droneId);
    return v == null ? Optional.empty() : Optional.of(effective(droneId, v));
  }

  /**
   * The drone's latest telemetry as it reported it, without this instance's decisions laid over it:
   * the only view that is evidence of where the drone is and what it carries.
   */
  public synchronized Optional<DroneView> reported(String droneId) {
    return Optional.ofNullable(telemetry.get(droneId));
  }

  public synchronized List<DroneView> all(Instant now) {
    expireOverlays(now);
    List<DroneView> out = new ArrayList<>(telemetry.size());
    telemetry.forEach((id, v) -> out.add(effective(id, v)));
    return out;
  }

  public synchronized int size() {
    return telemetry.size();
  }

  /**
   * Picks a drone for {@code delivery} over the spatial index of pickable drones, leaving out
   * {@code excluded} and the drones held by a commit in progress.
   */
  public synchronized PickResult pick(
      DronePicker picker, DeliveryRequested delivery, Exclusions excluded, Instant now) {
    expireOverlays(now);
    sweepSilent();
    return picker.pick(delivery, index, excluded.and(held));
  }

  /**
   * Holds a drone a task picked until its commit is over ({@link #release}): the tasks of an
   * instance plan on several stream threads at once, and without the hold they chose the same
   * nearest drones and lost 40 % of their claims to each other in the KV.
   */
  public synchronized void hold(String droneId) {
    held.add(droneId);
  }

  /** The commit of these drones is over; its outcome is in the overlays by now. */
  public synchronized void release(Collection<String> droneIds) {
    held.removeAll(droneIds);
  }

  /** Drone counts by class and effective status. */
  public synchronized Map<WeightClass, Map<DroneStatus, Integer>> counts(Instant now) {
    expireOverlays(now);
    Map<WeightClass, Map<DroneStatus, Integer>> out = new EnumMap<>(WeightClass.class);
    for (WeightClass c : WeightClass.values()) {
      Map<DroneStatus, Integer> byStatus = new EnumMap<>(DroneStatus.class);
      for (DroneStatus s : DroneStatus.values()) {
        byStatus.put(s, 0);
      }
      out.put(c, byStatus);
    }
    telemetry.forEach(
        (id, v) -> out.get(v.type()).merge(effective(id, v).status(), 1, Integer::sum));
    return out;
  }

  private void reindex(String droneId, DroneView v) {
    if (silent.contains(droneId)) {
      index.remove(droneId);
    } else {
      index.update(v);
    }
  }

  /** Takes the drones that went silent out of the index; their next report puts them back. */
  private void sweepSilent() {
    if (newestReport.isBefore(lastSilenceSweep.plus(SILENCE_SWEEP))) {
      return;
    }
    lastSilenceSweep = newestReport;
    Instant cutoff = newestReport.minus(lostAfter);
    telemetry.forEach(
        (id, v) -> {
          if (v.ts() != null && v.ts().isBefore(cutoff) && silent.add(id)) {
            index.remove(id);
          }
        });
  }

  private DroneView effective(String droneId, DroneView v) {
    Overlay o = overlays.get(droneId);
    return o == null ? v : v.withControl(o.status(), o.delivery());
  }

  private void expireOverlays(Instant now) {
    if (overlays.isEmpty()) {
      return;
    }
    Instant cutoff = now.minus(overlayTtl);
    Iterator<Map.Entry<String, Overlay>> it = overlays.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Overlay> e = it.next();
      if (e.getValue().decidedAt().isBefore(cutoff)) {
        it.remove();
        DroneView v = telemetry.get(e.getKey());
        if (v != null) {
          reindex(e.getKey(), v);
        }
      }
    }
  }
}
