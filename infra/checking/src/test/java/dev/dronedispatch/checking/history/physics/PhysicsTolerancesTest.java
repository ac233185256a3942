package dev.dronedispatch.checking.history.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PhysicsTolerancesTest {

  @Test
  void aStopToleranceIsThePositionToleranceAndOneTickOfFlight() {
    // 72 km/h × 10 = 0.2 km per 1 s tick; × 60 (the end-to-end test's acceleration) = 1.2 km
    assertThat(PhysicsTolerances.defaults(10).stopToleranceKm(72)).isCloseTo(0.25, within(1e-9));
    assertThat(PhysicsTolerances.defaults(60).stopToleranceKm(72)).isCloseTo(1.25, within(1e-9));
    assertThat(PhysicsTolerances.defaults(10).stopToleranceKm(0)).isCloseTo(0.05, within(1e-9));
  }

  @Test
  void flightTimeIsDistanceOverSpeedTimesAcceleration() {
    assertThat(PhysicsTolerances.defaults(10).flightSeconds(5, 72)).isCloseTo(25, within(1e-9));
  }

  @Test
  void oneLateOrLostRecordIsToleratedBeforeTelemetryCountsAsMissing() {
    assertThat(new PhysicsTolerances(0.05, 0.5, 10).maxTelemetryGap())
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void nonsenseSettingsAreRefused() {
    assertThatThrownBy(() -> new PhysicsTolerances(-1, 1, 10)).hasMessageContaining("position");
    assertThatThrownBy(() -> new PhysicsTolerances(0.05, 0, 10)).hasMessageContaining("tick");
    assertThatThrownBy(() -> new PhysicsTolerances(0.05, 1, 0)).hasMessageContaining("accel");
  }
}
