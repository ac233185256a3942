package dev.dronedispatch.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.zones.ZoneGrid;
import dev.dronedispatch.simulator.physics.PhysicsSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FleetTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final GeoPoint HOME = new GeoPoint(41.935, 12.4275);
  private static final Autopilot PILOT =
      new Autopilot(new PhysicsSettings(2, 1, 0.02), ZoneGrid.rome(2, 2));

  private final List<DroneState> stranded = new ArrayList<>();
  private Fleet fleet;

  @BeforeEach
  void setUp() {
    fleet = new Fleet(1000, Duration.ZERO, stranded::add);
    fleet.add(drone("drone-1", DroneStatus.IDLE), Optional.empty());
    fleet.add(drone("drone-2", DroneStatus.IDLE), Optional.empty());
  }

  private static DroneState drone(String id, DroneStatus status) {
    return new DroneState(id, WeightClass.LIGHT, 72, status, HOME, 100, false, Optional.empty());
  }

  private static DeliveryDocument delivery(String id) {
    return delivery(id, "drone-1");
  }

  /** A delivery as the KV holds it once assigned to {@code drone}. */
  private static DeliveryDocument delivery(String id, String drone) {
    DeliveryRequested req =
        new DeliveryRequested(
            id,
            new GeoPoint(41.93, 12.44),
            new GeoPoint(41.85, 12.55),
            1.0,
            WeightClass.LIGHT,
            "zone 0",
            "zone 3",
            NOW);
    return DeliveryDocument.pending(req).assigned(drone, NOW);
  }

  private static FleetEvent event(String drone, DroneStatus from, DroneStatus to, String why) {
    return new FleetEvent(drone, from, to, why, NOW);
  }

  private static FleetEvent at(FleetEvent e, int secondsAfterNow) {
    return new FleetEvent(
        e.droneId(), e.from(), e.to(), e.reason(), NOW.plusSeconds(secondsAfterNow));
  }

  private static DeliveryStatusChanged status(String id, DeliveryStatus s, String drone, Leg leg) {
    return new DeliveryStatusChanged(id, s, drone, leg, NOW, NOW, null, null);
  }

  private static MissionLookup byDoc(String drone) {
    return new MissionLookup(drone, Optional.empty());
  }

  private static MissionLookup byId(String drone, String delivery) {
    return new MissionLookup(drone, Optional.of(delivery));
  }

  private Optional<String> missionOf(String drone) {
    return fleet.drone(drone).orElseThrow().mission().map(Mission::deliveryId);
  }

  @Test
  void busyEventWithoutAKnownDeliveryAsksForTheDroneDocumentOnce() {
    Optional<MissionLookup> lookup =
        fleet.onFleetEvent(event("drone-1", DroneStatus.IDLE, DroneStatus.BUSY, "assigned"));

    assertThat(lookup).contains(byDoc("drone-1"));
    assertThat(fleet.drone("drone-1").orElseThrow().status()).isEqualTo(DroneStatus.BUSY);
    assertThat(fleet.onFleetEvent(event("drone-1", DroneStatus.IDLE, DroneStatus.BUSY, "assigned")))
        .isEmpty();

    assertThat(fleet.onMissionLoaded(byDoc("drone-1"), delivery("d-1"))).isTrue();
    assertThat(missionOf("drone-1")).contains("d-1");
  }

  @Test
  void assignedStatusNamesTheDeliveryAndDuplicatesAreNotLookedUpAgain() {
    DeliveryStatusChanged assigned = status("d-1", DeliveryStatus.ASSIGNED, "drone-1", null);

    assertThat(fleet.onStatusChanged(assigned)).contains(byId("drone-1", "d-1"));
    assertThat(fleet.onStatusChanged(assigned)).isEmpty();
    assertThat(fleet.onFleetEvent(event("drone-1", DroneStatus.IDLE, DroneStatus.BUSY, "assigned")))
        .isEmpty();
    assertThat(fleet.onMissionLoaded(byId("drone-1", "d-1"), delivery("d-1"))).isTrue();
    assertThat(fleet.onMissionLoaded(byId("drone-1", "d-1"), delivery("d-1")))
        .as("already the mission")
        .isFalse();
  }

  @Test
  void theKvDecidesWhetherALoadedDeliveryIsStillThisDronesMission() {
    fleet.onFleetEvent(event("drone-1", DroneStatus.IDLE, DroneStatus.BUSY, "assigned"));
    DeliveryDocument delivered = delivery("d-1").delivered(NOW);
    assertThat(fleet.onMissionLoaded(byDoc("drone-1"), delivered)).isFalse();

    fleet.onStatusChanged(status("d-2", DeliveryStatus.ASSIGNED, "drone-1", null));
    assertThat(fleet.onMissionLoaded(byId("drone-1", "d-2"), delivery("d-2", "drone-2")))
        .as("assigned to another drone")
        .isFalse();

    fleet.onStatusChanged(status("d-3", DeliveryStatus.ASSIGNED, "drone-1", null));
    assertThat(fleet.onMissionLoaded(byId("drone-1", "d-3"), delivery("d-3"))).isTrue();
    assertThat(missionOf("drone-1")).contains("d-3");
  }

  @Test
  void aFreeingEventThatOvertakesTheNextAssignmentDoesNotStrandTheDrone() {
    // d-1 in flight; the dispatcher delivers it (status + busy→idle), then assigns d-2 (status +
    // idle→busy). The topics are not ordered with each other: the status events come first.
    fleet.onFleetEvent(event("drone-1", DroneStatus.IDLE, DroneStatus.BUSY, "assigned"));
    fleet.onMissionLoaded(byDoc("drone-1"), delivery("d-1"));
    fleet.onStatusChanged(status("d-1", DeliveryStatus.DELIVERED, "drone-1", null));
    Optional<MissionLookup> next =
        fleet.onStatusChanged(status("d-2", DeliveryStatus.ASSIGNED, "drone-1", null));
    fleet.onMissionLoaded(next.orElseThrow(), delivery("d-2"));
    assertThat(missionOf("drone-1")).contains("d-2");

    fleet.onFleetEvent(event("drone-1", DroneStatus.BUSY, DroneStatus.IDLE, "delivered"));
    Optional<MissionLookup> again =
        fleet.onFleetEvent(event("drone-1", DroneStatus.IDLE, DroneStatus.BUSY, "assigned"));
    assertThat(again).contains(byDoc("drone-1"));
    assertThat(fleet.onMissionLoaded(again.get(), delivery("d-2"))).isTrue();

    DroneState d = fleet.drone("drone-1").orElseThrow();
    assertThat(d.status()).isEqualTo(DroneStatus.BUSY);
    assertThat(missionOf("drone-1")).contains("d-2");
  }

  @Test
  void aResultOfAnOlderLookupIsIgnoredWhileANewerOneIsUnderWay() {
    fleet.onStatusChanged(status("d-1", DeliveryStatus.ASSIGNED, "drone-1", null));
    fleet.onFleetEvent(event("drone-1", DroneStatus.BUSY, DroneStatus.IDLE, "rollback"));
    fleet.onFleetEvent(event("drone-1", DroneStatus.IDLE, DroneStatus.BUSY, "assigned"));

    assertThat(fleet.onMissionLoaded(byId("drone-1", "d-1"), delivery("d-1"))).isFalse();
    assertThat(fleet.onMissionLoaded(byDoc("drone-1"), delivery("d-5"))).isTrue();
    assertThat(missionOf("drone-1")).contains("d-5");
  }

  @Test
  void freedDroneDropsItsMission() {
    fleet.onFleetEvent(event("drone-1", DroneStatus.IDLE, DroneStatus.BUSY, "assigned"));
    fleet.onMissionLoaded(byDoc("drone-1"), delivery("d-1"));

    fleet.onFleetEvent(event("drone-1", DroneStatus.BUSY, DroneStatus.IDLE, "rollback"));

    DroneState d = fleet.drone("drone-1").orElseThrow();
    assertThat(d.status()).isEqualTo(DroneStatus.IDLE);
    assertThat(d.mission()).isEmpty();
    assertThat(fleet.onMissionLoaded(byDoc("drone-1"), delivery("d-1"))).isFalse();
  }

  @Test
  void aFreeingEventOlderThanTheNextAssignmentIsDropped() {
    // d-1 delivered at t+1, d-2 assigned at t+2 by another stream task; the older event arrives
    // last and must not end the newer mission.
    fleet.onFleetEvent(at(event("drone-1", DroneStatus.IDLE, DroneStatus.BUSY, "assigned"), 2));
    fleet.onMissionLoaded(byDoc("drone-1"), delivery("d-2"));

    assertThat(
            fleet.onFleetEvent(
                at(event("drone-1", DroneStatus.BUSY, DroneStatus.IDLE, "delivered"), 1)))
        .isEmpty();

    DroneState d = fleet.drone("drone-1").orElseThrow();
    assertThat(d.status()).isEqualTo(DroneStatus.BUSY);
    assertThat(missionOf("drone-1")).contains("d-2");
    assertThat(fleet.staleFleetEvents()).isEqualTo(1);
  }

  @Test
  void eventsWithTheSameStampApplyInArrivalOrder() {
    // A claim rolled back in the same round carries the claim's stamp.
    fleet.onFleetEvent(event("drone-1", DroneStatus.IDLE, DroneStatus.BUSY, "assigned"));
    fleet.onFleetEvent(event("drone-1", DroneStatus.BUSY, DroneStatus.IDLE, "rollback"));

    assertThat(fleet.drone("drone-1").orElseThrow().status()).isEqualTo(DroneStatus.IDLE);
    assertThat(fleet.staleFleetEvents()).isZero();
  }

  @Test
  void anOldChargingEventDoesNotPullANewlyBusyDroneOffItsMission() {
    fleet.onFleetEvent(at(event("drone-1", DroneStatus.IDLE, DroneStatus.CHARGING, "low"), 1));
    fleet.onFleetEvent(at(event("drone-1", DroneStatus.CHARGING, DroneStatus.IDLE, "charged"), 3));
    fleet.onFleetEvent(at(event("drone-1", DroneStatus.IDLE, DroneStatus.BUSY, "assigned"), 4));
    fleet.onMissionLoaded(byDoc("drone-1"), delivery("d-1"));

    fleet.onFleetEvent(at(event("drone-1", DroneStatus.BUSY, DroneStatus.CHARGING, "low"), 2));

    assertThat(fleet.drone("drone-1").orElseThrow().status()).isEqualTo(DroneStatus.BUSY);
    assertThat(missionOf("drone-1")).contains("d-1");
    assertThat(fleet.drone("drone-2").orElseThrow().status())
        .as("other drones keep their own order")
        .isEqualTo(DroneStatus.IDLE);
  }

  @Test
  void deliveredStatusEndsTheMissionAndTheDroneHoversUntilFreed() {
    fleet.onFleetEvent(event("drone-1", DroneStatus.IDLE, DroneStatus.BUSY, "assigned"));
    fleet.onMissionLoaded(byDoc("drone-1"), delivery("d-1"));

    fleet.onStatusChanged(status("d-1", DeliveryStatus.DELIVERED, "drone-1", null));

    DroneState d = fleet.drone("drone-1").orElseThrow();
    assertThat(d.mission()).isEmpty();
    assertThat(d.status()).isEqualTo(DroneStatus.BUSY);
  }

  @Test
  void aFailedStatusEndsTheMissionAndLostSendsTheDroneHome() {
    fleet.onFleetEvent(event("drone-1", DroneStatus.IDLE, DroneStatus.BUSY, "assigned"));
    fleet.onMissionLoaded(byDoc("drone-1"), delivery("d-1"));

    fleet.onStatusChanged(status("d-1", DeliveryStatus.FAILED, "drone-1", null));
    assertThat(fleet.drone("drone-1").orElseThrow().mission()).isEmpty();

    fleet.onFleetEvent(event("drone-1", DroneStatus.BUSY, DroneStatus.LOST, "lost:silent"));
    DroneState d = fleet.drone("drone-1").orElseThrow();
    assertThat(d.status()).isEqualTo(DroneStatus.LOST);
    assertThat(d.status().seeksCharger()).isTrue();
  }

  @Test
  void aPickupRecordedByTheDispatcherDoesNotMoveTheParcel() {
    fleet.onFleetEvent(event("drone-1", DroneStatus.IDLE, DroneStatus.BUSY, "assigned"));
    fleet.onMissionLoaded(byDoc("drone-1"), delivery("d-1"));

    fleet.onStatusChanged(status("d-1", DeliveryStatus.IN_FLIGHT, "drone-1", Leg.TO_DESTINATION));

    Mission mission = fleet.drone("drone-1").orElseThrow().mission().orElseThrow();
    assertThat(mission.leg()).isEqualTo(Leg.TO_ORIGIN);
    assertThat(mission.pickup()).isEmpty();
  }

  @Test
  void telemetryOfTheSecondLegCarriesWhereAndWhenTheParcelWasLoaded() {
    fleet.onFleetEvent(event("drone-1", DroneStatus.IDLE, DroneStatus.BUSY, "assigned"));
    DeliveryDocument d1 = delivery("d-1");
    fleet.onMissionLoaded(byDoc("drone-1"), d1);
    List<DroneTelemetry> out = new ArrayList<>();
    Instant t = NOW;
    while (out.stream().noneMatch(r -> r.leg() == Leg.TO_DESTINATION) && out.size() < 1_000) {
      t = t.plusSeconds(1);
      fleet.tick(PILOT, 10, t, out::add);
      out.removeIf(r -> !r.droneId().equals("drone-1"));
    }
    DroneTelemetry loading = out.get(out.size() - 1);
    DroneTelemetry arrival = out.get(out.size() - 2);
    assertThat(arrival.leg()).isEqualTo(Leg.TO_ORIGIN);
    assertThat(arrival.pickup()).isNull();
    assertThat(loading.currentDelivery()).isEqualTo("d-1");
    assertThat(loading.pos()).isEqualTo(arrival.pos());
    assertThat(loading.pickup().pos()).isEqualTo(arrival.pos());
    assertThat(loading.pickup().ts()).isEqualTo(loading.ts());
    assertThat(loading.pos().distanceKmTo(d1.origin())).isLessThanOrEqualTo(0.02);
  }

  @Test
  void aLookupThatFindsNothingCanBeRetriedByALaterEvent() {
    fleet.onFleetEvent(event("drone-1", DroneStatus.IDLE, DroneStatus.BUSY, "assigned"));
    fleet.onMissionNotFound("drone-1", Optional.empty());

    assertThat(fleet.onStatusChanged(status("d-1", DeliveryStatus.ASSIGNED, "drone-1", null)))
        .isPresent();
  }

  @Test
  void busyDronesWithoutAMissionAreLookedUpAgainUntilOneLoads() {
    fleet.onFleetEvent(event("drone-1", DroneStatus.IDLE, DroneStatus.BUSY, "assigned"));
    assertThat(fleet.retryLookups()).as("a lookup is under way").isEmpty();

    fleet.onMissionNotFound("drone-1", Optional.empty()); // e.g. the KV was down
    assertThat(fleet.retryLookups()).containsExactly(byDoc("drone-1"));
    assertThat(fleet.retryLookups()).isEmpty();

    fleet.onMissionLoaded(byDoc("drone-1"), delivery("d-1"));
    assertThat(fleet.retryLookups()).isEmpty();
  }

  @Test
  void restartedBusyDroneResumesItsDelivery() {
    Optional<MissionLookup> lookup =
        fleet.add(drone("drone-3", DroneStatus.BUSY), Optional.of("d-9"));

    assertThat(lookup).contains(byId("drone-3", "d-9"));
    assertThat(fleet.onMissionLoaded(lookup.get(), delivery("d-9", "drone-3"))).isTrue();
  }

  @Test
  void everyTickEmitsOneTelemetryPerDroneWithConsecutiveSequenceNumbers() {
    List<DroneTelemetry> out = new ArrayList<>();
    fleet.tick(PILOT, 1, NOW, out::add);
    fleet.tick(PILOT, 1, NOW, out::add);

    assertThat(out)
        .extracting(DroneTelemetry::droneId)
        .containsExactly("drone-1", "drone-2", "drone-1", "drone-2");
    assertThat(out).extracting(DroneTelemetry::seq).containsExactly(1001L, 1001L, 1002L, 1002L);
  }

  @Test
  void aParkedDroneIsReportedOnlyEveryHeartbeatAndAMovingOneEveryTick() {
    Fleet withHeartbeat = new Fleet(1000, Duration.ofSeconds(5), d -> {});
    withHeartbeat.add(drone("drone-1", DroneStatus.IDLE), Optional.empty());
    withHeartbeat.add(drone("drone-2", DroneStatus.IDLE), Optional.empty());
    withHeartbeat.onFleetEvent(event("drone-1", DroneStatus.IDLE, DroneStatus.BUSY, "assigned"));
    withHeartbeat.onMissionLoaded(byDoc("drone-1"), delivery("d-1"));
    List<DroneTelemetry> out = new ArrayList<>();

    for (int second = 0; second <= 6; second++) {
      withHeartbeat.tick(PILOT, 1, NOW.plusSeconds(second), out::add);
    }

    assertThat(out.stream().filter(t -> t.droneId().equals("drone-1"))).hasSize(7);
    List<DroneTelemetry> parked = out.stream().filter(t -> t.droneId().equals("drone-2")).toList();
    assertThat(parked)
        .extracting(DroneTelemetry::ts)
        .as("first tick, then one heartbeat later")
        .containsExactly(NOW, NOW.plusSeconds(5));
    assertThat(parked)
        .extracting(DroneTelemetry::seq)
        .as("no gap: only silence leaves one")
        .containsExactly(1001L, 1002L);

    withHeartbeat.onFleetEvent(
        at(event("drone-2", DroneStatus.IDLE, DroneStatus.CHARGING, "low"), 7));
    List<DroneTelemetry> next = new ArrayList<>();
    withHeartbeat.tick(PILOT, 1, NOW.plusSeconds(7), next::add);
    assertThat(next)
        .filteredOn(t -> t.droneId().equals("drone-2"))
        .as("a status change is reported at once")
        .singleElement()
        .extracting(DroneTelemetry::status)
        .isEqualTo(DroneStatus.CHARGING);
  }

  @Test
  void onlyDronesWhosePhysicsChangedAreMergedIntoTheKv() {
    fleet.onFleetEvent(event("drone-1", DroneStatus.IDLE, DroneStatus.BUSY, "assigned"));
    fleet.onMissionLoaded(byDoc("drone-1"), delivery("d-1"));

    fleet.tick(PILOT, 10, NOW, t -> {});

    List<PhysicalFix> dirty = fleet.takeKvDirty();
    assertThat(dirty).extracting(PhysicalFix::droneId).containsExactly("drone-1");
    assertThat(fleet.takeKvDirty()).isEmpty();
    fleet.markKvDirty("drone-1");
    assertThat(fleet.takeKvDirty()).hasSize(1);
  }

  @Test
  void strandingIsReportedOnceWhenTheBatteryRunsOut() {
    fleet.add(
        new DroneState(
            "drone-3", WeightClass.HEAVY, 36, DroneStatus.BUSY, HOME, 0.1, false, Optional.empty()),
        Optional.empty());
    fleet.onStatusChanged(status("d-3", DeliveryStatus.ASSIGNED, "drone-3", null));
    fleet.onMissionLoaded(byId("drone-3", "d-3"), delivery("d-3", "drone-3"));

    for (int i = 0; i < 5; i++) {
      fleet.tick(PILOT, 60, NOW, t -> {});
    }

    assertThat(stranded).extracting(DroneState::id).containsExactly("drone-3");
    assertThat(fleet.strandedCount()).isEqualTo(1);
  }
}
