package dev.dronedispatch.checking.history.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.dronedispatch.model.geo.GeoPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DroneTrackTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final GeoPoint A = new GeoPoint(41.90, 12.49);
  private static final GeoPoint B = new GeoPoint(41.91, 12.49);
  private static final Duration MAX_GAP = Duration.ofSeconds(2);

  // out of order on purpose: a track sorts its records by time
  private static final DroneTrack TRACK =
      new DroneTrack(
          "drone-1",
          List.of(
              new TelemetrySample(T0.plusSeconds(1), B, 90, 72, 2),
              new TelemetrySample(T0, A, 91, 72, 1),
              new TelemetrySample(T0.plusSeconds(4), B, 89, 72, 5)));

  private static Whereabouts.Located located(Whereabouts w) {
    assertThat(w).isInstanceOf(Whereabouts.Located.class);
    return (Whereabouts.Located) w;
  }

  @Test
  void betweenTwoRecordsThePositionIsInterpolated() {
    Whereabouts.Located at = located(TRACK.at(T0.plusMillis(250), MAX_GAP));
    assertThat(at.pos().distanceKmTo(A)).isCloseTo(A.distanceKmTo(B) / 4, within(1e-6));
    assertThat(at.speedKmh()).isEqualTo(72);
  }

  @Test
  void atARecordsTimeItsPositionIsTheAnswer() {
    assertThat(located(TRACK.at(T0.plusSeconds(1), MAX_GAP)).pos()).isEqualTo(B);
    assertThat(located(TRACK.at(T0, MAX_GAP)).pos()).isEqualTo(A);
  }

  @Test
  void outsideTheTrackOrAcrossAGapThePositionIsUnknown() {
    assertThat(TRACK.at(T0.minusMillis(1), MAX_GAP))
        .isEqualTo(
            new Whereabouts.Unknown("no telemetry of drone-1 at or before " + T0.minusMillis(1)));
    assertThat(TRACK.at(T0.plusSeconds(5), MAX_GAP))
        .isEqualTo(new Whereabouts.Unknown("no telemetry of drone-1 after " + T0.plusSeconds(5)));
    assertThat(TRACK.at(T0.plusSeconds(2), MAX_GAP))
        .isEqualTo(
            new Whereabouts.Unknown(
                "telemetry of drone-1 has a gap of 3000 ms around " + T0.plusSeconds(2)));
  }

  @Test
  void aLongGapWithNothingLostIsADroneStandingStillUntilItsLastStretch() {
    // parked at A, heard every 5 s; then it moved: the record at B is the very next one
    DroneTrack parked =
        new DroneTrack(
            "drone-2",
            List.of(
                new TelemetrySample(T0, A, 91, 72, 7),
                new TelemetrySample(T0.plusSeconds(5), A, 91, 72, 8),
                new TelemetrySample(T0.plusSeconds(9), B, 90, 72, 9)));

    assertThat(located(parked.at(T0.plusSeconds(3), MAX_GAP)).pos()).isEqualTo(A);
    assertThat(located(parked.at(T0.plusSeconds(7), MAX_GAP)).pos())
        .as("still at A until the last stretch before B")
        .isEqualTo(A);
    Whereabouts.Located moving = located(parked.at(T0.plusSeconds(8), MAX_GAP));
    assertThat(moving.pos().distanceKmTo(A)).isCloseTo(A.distanceKmTo(B) / 2, within(1e-6));
  }

  @Test
  void aDroneWithoutTelemetryIsUnknown() {
    assertThat(DroneTracks.of(List.of()).whereabouts("drone-9", T0, MAX_GAP))
        .isEqualTo(new Whereabouts.Unknown("no telemetry of drone-9 at all"));
  }
}
