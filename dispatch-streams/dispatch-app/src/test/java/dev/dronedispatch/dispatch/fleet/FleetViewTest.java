package dev.dronedispatch.dispatch.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.dispatch.assignment.DronePicker;
import dev.dronedispatch.dispatch.assignment.Exclusions;
import dev.dronedispatch.dispatch.assignment.PickResult;
import dev.dronedispatch.dispatch.config.DispatchConfig;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.zones.ZoneGrid;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetViewTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static DroneTelemetry telemetry(DroneStatus status, String delivery) {
    return new DroneTelemetry(
        "drone-1", WeightClass.MEDIUM, status, Drones.ROME, 80, false, delivery, null, 45, 1, T0);
  }

  @Test
  void anOwnDecisionOverridesLaggingTelemetryUntilTelemetryAgrees() {
    FleetView view = new FleetView(Duration.ofSeconds(5), Duration.ofSeconds(30));
    view.onTelemetry("drone-1", telemetry(DroneStatus.IDLE, null));
    view.onDecision("drone-1", DroneStatus.BUSY, "d1", T0);
    view.onTelemetry("drone-1", telemetry(DroneStatus.IDLE, null)); // lagging
    assertThat(view.get("drone-1", T0.plusSeconds(1)).orElseThrow().status())
        .isEqualTo(DroneStatus.BUSY);
    view.onTelemetry("drone-1", telemetry(DroneStatus.BUSY, "d1")); // caught up
    view.onTelemetry("drone-1", telemetry(DroneStatus.IDLE, null)); // now believed
    assertThat(view.get("drone-1", T0.plusSeconds(1)).orElseThrow().status())
        .isEqualTo(DroneStatus.IDLE);
  }

  @Test
  void anOverlayExpiresAfterItsTtl() {
    FleetView view = new FleetView(Duration.ofSeconds(5), Duration.ofSeconds(30));
    view.onTelemetry("drone-1", telemetry(DroneStatus.IDLE, null));
    view.onDecision("drone-1", DroneStatus.CHARGING, null, T0);
    assertThat(view.get("drone-1", T0.plusSeconds(4)).orElseThrow().status())
        .isEqualTo(DroneStatus.CHARGING);
    assertThat(view.get("drone-1", T0.plusSeconds(6)).orElseThrow().status())
        .isEqualTo(DroneStatus.IDLE);
  }

  @Test
  void aDroneHeldByACommitInProgressIsNotPickedUntilReleased() {
    FleetView view = new FleetView(Duration.ofSeconds(5), Duration.ofSeconds(30));
    view.onTelemetry("drone-1", idleAt("drone-1", Drones.north(Drones.ROME, 0.1)));
    view.onTelemetry("drone-2", idleAt("drone-2", Drones.north(Drones.ROME, 0.5)));
    DronePicker picker = new DronePicker(DispatchConfig.defaults(), ZoneGrid.rome(2, 2));
    DeliveryRequested delivery =
        new DeliveryRequested(
            "d1", Drones.ROME, Drones.north(Drones.ROME, 1), 5, WeightClass.MEDIUM, null, null, T0);

    assertThat(chosen(view.pick(picker, delivery, Exclusions.NONE, T0))).isEqualTo("drone-1");
    view.hold("drone-1"); // another task is committing it
    assertThat(chosen(view.pick(picker, delivery, Exclusions.NONE, T0))).isEqualTo("drone-2");
    view.release(List.of("drone-1"));
    assertThat(chosen(view.pick(picker, delivery, Exclusions.NONE, T0))).isEqualTo("drone-1");
  }

  private static DroneTelemetry idleAt(String id, GeoPoint pos) {
    return idleAt(id, pos, T0);
  }

  private static DroneTelemetry idleAt(String id, GeoPoint pos, Instant at) {
    return new DroneTelemetry(
        id, WeightClass.MEDIUM, DroneStatus.IDLE, pos, 90, false, null, null, 45, 1, at);
  }

  @Test
  void aDroneSilentForTheLostTimeIsNotPickedUntilItReportsAgain() {
    FleetView view = new FleetView(Duration.ofSeconds(5), Duration.ofSeconds(30));
    GeoPoint near = Drones.north(Drones.ROME, 0.1);
    GeoPoint far = Drones.north(Drones.ROME, 0.5);
    view.onTelemetry("drone-1", idleAt("drone-1", near));
    view.onTelemetry("drone-2", idleAt("drone-2", far));
    DronePicker picker = new DronePicker(DispatchConfig.defaults(), ZoneGrid.rome(2, 2));
    DeliveryRequested delivery =
        new DeliveryRequested(
            "d1", Drones.ROME, Drones.north(Drones.ROME, 1), 5, WeightClass.MEDIUM, null, null, T0);

    // only drone-2 keeps reporting: 31 s of telemetry later drone-1 is silent
    view.onTelemetry("drone-2", idleAt("drone-2", far, T0.plusSeconds(31)));
    assertThat(chosen(view.pick(picker, delivery, Exclusions.NONE, T0))).isEqualTo("drone-2");
    DroneSighting silent = view.sighting("drone-1").orElseThrow();
    assertThat(silent.lastHeard()).isEqualTo(T0);
    assertThat(silent.newestReport()).isEqualTo(T0.plusSeconds(31));

    view.onTelemetry("drone-1", idleAt("drone-1", near, T0.plusSeconds(32)));
    assertThat(chosen(view.pick(picker, delivery, Exclusions.NONE, T0))).isEqualTo("drone-1");
  }

  @Test
  void aSightingSaysWhenTheDroneLastMovedNotJustWhenItReported() {
    FleetView view = new FleetView(Duration.ofSeconds(5), Duration.ofSeconds(30));
    GeoPoint here = Drones.north(Drones.ROME, 0.1);
    view.onTelemetry("drone-1", idleAt("drone-1", here, T0));
    view.onTelemetry("drone-1", idleAt("drone-1", here, T0.plusSeconds(10)));
    assertThat(view.sighting("drone-1").orElseThrow())
        .isEqualTo(new DroneSighting(T0.plusSeconds(10), T0, T0.plusSeconds(10)));
    view.onTelemetry(
        "drone-1", idleAt("drone-1", Drones.north(Drones.ROME, 0.2), T0.plusSeconds(11)));
    assertThat(view.sighting("drone-1").orElseThrow().lastMoved()).isEqualTo(T0.plusSeconds(11));
    assertThat(view.sighting("drone-9")).isEmpty();
  }

  private static String chosen(PickResult pick) {
    return pick.chosen().orElseThrow().drone().id();
  }

  @Test
  void countsAreByClassAndEffectiveStatus() {
    FleetView view = new FleetView(Duration.ofSeconds(5), Duration.ofSeconds(30));
    view.onTelemetry("drone-1", telemetry(DroneStatus.IDLE, null));
    view.onDecision("drone-1", DroneStatus.BUSY, "d1", T0);
    assertThat(view.counts(T0).get(WeightClass.MEDIUM).get(DroneStatus.BUSY)).isEqualTo(1);
    assertThat(view.counts(T0).get(WeightClass.MEDIUM).get(DroneStatus.IDLE)).isZero();
    view.onTelemetry("drone-1", null);
    assertThat(view.size()).isZero();
  }
}
