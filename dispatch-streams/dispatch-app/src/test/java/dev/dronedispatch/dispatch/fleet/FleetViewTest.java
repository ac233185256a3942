package dev.dronedispatch.dispatch.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FleetViewTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static DroneTelemetry telemetry(DroneStatus status, String delivery) {
    return new DroneTelemetry(
        "drone-1", WeightClass.MEDIUM, status, Drones.ROME, 80, false, delivery, null, 45, 1, T0);
  }

  @Test
  void anOwnDecisionOverridesLaggingTelemetryUntilTelemetryAgrees() {
    FleetView view = new FleetView(Duration.ofSeconds(5));
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
    FleetView view = new FleetView(Duration.ofSeconds(5));
    view.onTelemetry("drone-1", telemetry(DroneStatus.IDLE, null));
    view.onDecision("drone-1", DroneStatus.CHARGING, null, T0);
    assertThat(view.get("drone-1", T0.plusSeconds(4)).orElseThrow().status())
        .isEqualTo(DroneStatus.CHARGING);
    assertThat(view.get("drone-1", T0.plusSeconds(6)).orElseThrow().status())
        .isEqualTo(DroneStatus.IDLE);
  }

  @Test
  void countsAreByClassAndEffectiveStatus() {
    FleetView view = new FleetView(Duration.ofSeconds(5));
    view.onTelemetry("drone-1", telemetry(DroneStatus.IDLE, null));
    view.onDecision("drone-1", DroneStatus.BUSY, "d1", T0);
    assertThat(view.counts(T0).get(WeightClass.MEDIUM).get(DroneStatus.BUSY)).isEqualTo(1);
    assertThat(view.counts(T0).get(WeightClass.MEDIUM).get(DroneStatus.IDLE)).isZero();
    view.onTelemetry("drone-1", null);
    assertThat(view.size()).isZero();
  }
}
