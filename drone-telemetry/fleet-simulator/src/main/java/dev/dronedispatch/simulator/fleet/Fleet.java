package dev.dronedispatch.simulator.fleet;

import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.fleet.DroneStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The simulated fleet: every drone's state, its telemetry sequence, and which drones' physical
 * fields have changed since the last KV merge. Confined to one thread (the tick thread); events
 * from Kafka and results of KV reads are handed to it in order. Pure: side effects are returned as
 * {@link MissionLookup}s for the caller to perform.
 */
public final class Fleet {

  /** The id used while a busy drone's delivery id is still unknown. */
  private static final String UNKNOWN = "?";

  private static final class Slot {
    DroneState state;
    long seq;
    boolean kvDirty;
    String requested;
    DroneFault fault;
    Instant statusTs;
    DroneState lastSent;
    Instant lastSentAt;

    Slot(DroneState state, long seq) {
      this.state = state;
      this.seq = seq;
    }
  }

  /** Told when a drone runs out of battery away from a charger. */
  public interface StrandingListener {
    void stranded(DroneState drone);
  }

  private final Map<String, Slot> slots = new LinkedHashMap<>();
  private final long seqBase;
  private final Duration heartbeat;
  private final StrandingListener onStranded;
  private long staleFleetEvents;

  /**
   * @param seqBase the first telemetry sequence number minus one; taking the start time in epoch
   *     milliseconds keeps sequences increasing across restarts
   * @param heartbeat how often a drone that did not change is reported anyway (zero: every tick)
   */
  public Fleet(long seqBase, Duration heartbeat, StrandingListener onStranded) {
    this.seqBase = seqBase;
    this.heartbeat = heartbeat;
    this.onStranded = onStranded;
  }

  /**
   * Adds a registered drone. A busy drone that already holds a delivery (after a restart) gets a
   * lookup of that delivery so it resumes its flight.
   */
  public Optional<MissionLookup> add(DroneState drone, Optional<String> currentDelivery) {
    Slot slot = new Slot(drone, seqBase);
    slots.put(drone.id(), slot);
    if (drone.status() == DroneStatus.BUSY && currentDelivery.isPresent()) {
      slot.requested = currentDelivery.get();
      return Optional.of(new MissionLookup(drone.id(), currentDelivery));
    }
    return Optional.empty();
  }

  public int size() {
    return slots.size();
  }

  public Optional<DroneState> drone(String id) {
    Slot s = slots.get(id);
    return s == null ? Optional.empty() : Optional.of(s.state);
  }

  public Collection<String> ids() {
    return slots.keySet();
  }

  /**
   * A status change decided by the dispatcher. One drone's events can reach the topic out of order
   * (several stream tasks produce them), so an event older than the last one applied to the drone
   * is dropped: the dispatcher stamps each with the time of its decision, the same order the
   * dashboard and the gateway keep. Equal stamps apply in arrival order (a claim and its rollback
   * share one).
   */
  public Optional<MissionLookup> onFleetEvent(FleetEvent event) {
    Slot slot = slots.get(event.droneId());
    if (slot == null || event.to() == null) {
      return Optional.empty();
    }
    if (event.ts() != null) {
      if (slot.statusTs != null && event.ts().isBefore(slot.statusTs)) {
        staleFleetEvents++;
        return Optional.empty();
      }
      slot.statusTs = event.ts();
    }
    slot.state = slot.state.withStatus(event.to());
    if (event.to() != DroneStatus.BUSY) {
      slot.requested = null;
      slot.state = slot.state.withMission(Optional.empty());
      return Optional.empty();
    }
    if (slot.state.mission().isEmpty() && slot.requested == null) {
      slot.requested = UNKNOWN;
      return Optional.of(new MissionLookup(event.droneId(), Optional.empty()));
    }
    return Optional.empty();
  }

  /**
   * A delivery status change: {@code assigned} names the drone and the delivery (often before the
   * matching fleet event arrives: the two topics are not ordered with each other), {@code
   * delivered} (or {@code failed}) ends the mission. The dispatcher's {@code picked_up} changes
   * nothing here: the parcel is loaded when the drone reaches the origin, and a record cannot move
   * it.
   */
  public Optional<MissionLookup> onStatusChanged(DeliveryStatusChanged event) {
    if (event.droneId() == null || event.status() == null) {
      return Optional.empty();
    }
    Slot slot = slots.get(event.droneId());
    if (slot == null) {
      return Optional.empty();
    }
    String id = event.deliveryId();
    Optional<Mission> mission = slot.state.mission();
    boolean current = mission.isPresent() && mission.get().deliveryId().equals(id);
    if (event.status().isTerminal()) {
      if (current) {
        slot.state = slot.state.withMission(Optional.empty());
      }
      return Optional.empty();
    }
    if (current || event.status() == DeliveryStatus.PENDING || id.equals(slot.requested)) {
      return Optional.empty();
    }
    slot.requested = id;
    return Optional.of(new MissionLookup(event.droneId(), Optional.of(id)));
  }

  /**
   * The delivery a lookup read from the KV. The KV is the arbiter: it becomes the drone's mission
   * only if it is still active ({@code assigned}/{@code in_flight}) with this drone, whatever order
   * the events arrived in; a stale read (delivered, rolled back, someone else's) is dropped.
   *
   * @return whether it became the mission (false also when it already was)
   */
  public boolean onMissionLoaded(MissionLookup lookup, DeliveryDocument delivery) {
    String droneId = lookup.droneId();
    Slot slot = slots.get(droneId);
    if (slot == null || !lookup.deliveryId().orElse(UNKNOWN).equals(slot.requested)) {
      return false; // a newer lookup (or none) is what the drone waits for
    }
    boolean valid =
        delivery.status() != null
            && delivery.status().isActive()
            && droneId.equals(delivery.droneId());
    if (!valid) {
      slot.requested = null;
      return false;
    }
    boolean changed =
        slot.state.mission().map(m -> !m.deliveryId().equals(delivery.id())).orElse(true);
    slot.requested = delivery.id();
    if (changed) {
      slot.state = slot.state.withMission(Optional.of(Mission.of(delivery)));
    }
    return changed;
  }

  /** A lookup found nothing; a later event may ask again. */
  public void onMissionNotFound(String droneId, Optional<String> deliveryId) {
    Slot slot = slots.get(droneId);
    if (slot != null && Objects.equals(slot.requested, deliveryId.orElse(UNKNOWN))) {
      slot.requested = null;
    }
  }

  /**
   * Lookups for busy drones that still have no mission and none under way (an earlier lookup
   * failed, e.g. the KV was unreachable): they are asked again through the drone document.
   */
  public List<MissionLookup> retryLookups() {
    List<MissionLookup> out = new ArrayList<>();
    for (Slot slot : slots.values()) {
      if (slot.state.status() == DroneStatus.BUSY
          && slot.state.mission().isEmpty()
          && slot.requested == null) {
        slot.requested = UNKNOWN;
        out.add(new MissionLookup(slot.state.id(), Optional.empty()));
      }
    }
    return out;
  }

  /**
   * Advances every drone by {@code simSeconds} and hands the telemetry of each one that changed
   * since its last record, or was last reported a heartbeat ago, with the next sequence number, to
   * {@code sink}. Most of a large fleet is parked (inactive, idle at a pad): reporting it every
   * tick was most of the telemetry every consumer had to read, and told them nothing new.
   */
  public void tick(
      Autopilot autopilot, double simSeconds, Instant now, Consumer<DroneTelemetry> sink) {
    for (Slot slot : slots.values()) {
      DroneState before = slot.state;
      DroneState after =
          slot.fault == DroneFault.STRANDED ? before : autopilot.step(before, simSeconds, now);
      if (after.physicsDiffer(before)) {
        slot.kvDirty = true;
      }
      if (after.stranded() && !before.stranded()) {
        onStranded.stranded(after);
      }
      slot.state = after;
      if (!dueForReport(slot, now)) {
        continue;
      }
      slot.seq++; // a silent drone's records are lost, so its sequence shows the gap
      if (slot.fault != DroneFault.SILENT) {
        sink.accept(telemetry(after, slot.seq, now));
        slot.lastSent = after;
        slot.lastSentAt = now;
      }
    }
  }

  private boolean dueForReport(Slot slot, Instant now) {
    return slot.lastSent == null
        || !slot.lastSent.equals(slot.state)
        || !now.isBefore(slot.lastSentAt.plus(heartbeat));
  }

  /**
   * Switches {@code fault} on for a drone, replacing any other.
   *
   * @return false if there is no such drone
   */
  public boolean fail(String droneId, DroneFault fault) {
    Slot slot = slots.get(droneId);
    if (slot == null) {
      return false;
    }
    slot.fault = fault;
    return true;
  }

  /**
   * Switches a drone's fault off; it carries on from its state, and merges what changed meanwhile.
   *
   * @return false if there is no such drone
   */
  public boolean clearFault(String droneId) {
    Slot slot = slots.get(droneId);
    if (slot == null) {
      return false;
    }
    slot.fault = null;
    return true;
  }

  public Optional<DroneFault> fault(String droneId) {
    Slot slot = slots.get(droneId);
    return slot == null ? Optional.empty() : Optional.ofNullable(slot.fault);
  }

  public Map<DroneFault, Integer> countByFault() {
    Map<DroneFault, Integer> out = new EnumMap<>(DroneFault.class);
    for (DroneFault f : DroneFault.values()) {
      out.put(f, 0);
    }
    for (Slot slot : slots.values()) {
      if (slot.fault != null) {
        out.merge(slot.fault, 1, Integer::sum);
      }
    }
    return out;
  }

  /**
   * The drones whose physical fields changed since the last call, with those fields; a silent
   * drone's changes wait until it is heard again.
   */
  public List<PhysicalFix> takeKvDirty() {
    List<PhysicalFix> out = new ArrayList<>();
    for (Slot slot : slots.values()) {
      if (slot.kvDirty && slot.fault != DroneFault.SILENT) {
        slot.kvDirty = false;
        DroneState s = slot.state;
        out.add(new PhysicalFix(s.id(), s.pos(), s.battery(), s.atCharge()));
      }
    }
    return out;
  }

  /** A merge that did not land: write this drone again next time. */
  public void markKvDirty(String droneId) {
    Slot slot = slots.get(droneId);
    if (slot != null) {
      slot.kvDirty = true;
    }
  }

  public Map<DroneStatus, Integer> countByStatus() {
    Map<DroneStatus, Integer> out = new EnumMap<>(DroneStatus.class);
    for (DroneStatus s : DroneStatus.values()) {
      out.put(s, 0);
    }
    for (Slot slot : slots.values()) {
      out.merge(slot.state.status(), 1, Integer::sum);
    }
    return out;
  }

  /** Fleet events dropped because a newer one had already been applied to the drone. */
  public long staleFleetEvents() {
    return staleFleetEvents;
  }

  public int strandedCount() {
    int n = 0;
    for (Slot slot : slots.values()) {
      if (slot.state.stranded()) {
        n++;
      }
    }
    return n;
  }

  static DroneTelemetry telemetry(DroneState s, long seq, Instant now) {
    Optional<Mission> m = s.status() == DroneStatus.BUSY ? s.mission() : Optional.empty();
    return new DroneTelemetry(
        s.id(),
        s.type(),
        s.status(),
        s.pos(),
        s.battery(),
        s.atCharge(),
        m.map(Mission::deliveryId).orElse(null),
        m.map(Mission::leg).orElse(null),
        s.speedKmh(),
        seq,
        now,
        m.flatMap(Mission::pickup).orElse(null));
  }
}
