package dev.dronedispatch.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.model.events.DroneTelemetry;
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

/** The operator's fault switch on the pure fleet. */
class FleetFaultTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Autopilot PILOT =
      new Autopilot(new PhysicsSettings(2, 1, 0.02), ZoneGrid.rome(2, 2));

  /** Half full and away from every charger: a charging drone flies to the nearest one. */
  private static final GeoPoint AWAY = new GeoPoint(41.90, 12.50);

  private Fleet fleet;
  private final List<DroneTelemetry> sent = new ArrayList<>();

  @BeforeEach
  void setUp() {
    fleet = new Fleet(1000, Duration.ZERO, d -> {});
    fleet.add(
        new DroneState(
            "drone-1",
            WeightClass.LIGHT,
            72,
            DroneStatus.CHARGING,
            AWAY,
            50,
            false,
            Optional.empty()),
        Optional.empty());
  }

  private void tick() {
    fleet.tick(PILOT, 10, NOW, sent::add);
  }

  @Test
  void aStrandedDroneStaysWhereItIsWithItsBatteryAndKeepsReporting() {
    tick();
    DroneState before = fleet.drone("drone-1").orElseThrow();
    fleet.takeKvDirty();

    assertThat(fleet.fail("drone-1", DroneFault.STRANDED)).isTrue();
    sent.clear();
    tick();
    tick();

    assertThat(sent).hasSize(2);
    assertThat(sent).allSatisfy(t -> assertThat(t.pos()).isEqualTo(before.pos()));
    assertThat(sent).allSatisfy(t -> assertThat(t.battery()).isEqualTo(before.battery()));
    assertThat(sent.get(1).seq()).isEqualTo(sent.get(0).seq() + 1);
    assertThat(fleet.takeKvDirty()).isEmpty();
  }

  @Test
  void aSilentDroneSendsNothingAndIsHeardFromWhereItFlewOnceCleared() {
    tick();
    long lastSeq = sent.get(sent.size() - 1).seq();
    GeoPoint lastPos = sent.get(sent.size() - 1).pos();
    fleet.takeKvDirty();

    fleet.fail("drone-1", DroneFault.SILENT);
    sent.clear();
    tick();
    tick();
    assertThat(sent).isEmpty();
    assertThat(fleet.takeKvDirty()).as("no KV merge while silent").isEmpty();

    assertThat(fleet.clearFault("drone-1")).isTrue();
    tick();
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).seq()).as("the lost records show as a gap").isEqualTo(lastSeq + 3);
    assertThat(sent.get(0).pos()).isNotEqualTo(lastPos);
    assertThat(fleet.takeKvDirty()).extracting(PhysicalFix::droneId).containsExactly("drone-1");
  }

  @Test
  void aFaultReplacesAnotherAndIsCounted() {
    fleet.fail("drone-1", DroneFault.SILENT);
    fleet.fail("drone-1", DroneFault.STRANDED);
    assertThat(fleet.fault("drone-1")).contains(DroneFault.STRANDED);
    assertThat(fleet.countByFault())
        .containsEntry(DroneFault.STRANDED, 1)
        .containsEntry(DroneFault.SILENT, 0);
    fleet.clearFault("drone-1");
    assertThat(fleet.fault("drone-1")).isEmpty();
  }

  @Test
  void anUnknownDroneIsRefused() {
    assertThat(fleet.fail("drone-99", DroneFault.SILENT)).isFalse();
    assertThat(fleet.clearFault("drone-99")).isFalse();
  }

  @Test
  void modesHaveLowerCaseWireNames() {
    assertThat(DroneFault.fromWire("silent")).contains(DroneFault.SILENT);
    assertThat(DroneFault.fromWire("stranded")).contains(DroneFault.STRANDED);
    assertThat(DroneFault.fromWire("SILENT")).isEmpty();
    assertThat(DroneFault.fromWire("exploded")).isEmpty();
  }
}
