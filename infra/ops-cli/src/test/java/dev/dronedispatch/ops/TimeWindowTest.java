package dev.dronedispatch.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimeWindowTest {

  @Test
  void parsesDurationsWithUnits() {
    assertThat(TimeWindow.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(TimeWindow.parseDuration("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(TimeWindow.parseDuration("2H")).isEqualTo(Duration.ofHours(2));
    assertThat(TimeWindow.parseDuration("1d")).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void rejectsDurationsItCannotRead() {
    assertThatThrownBy(() -> TimeWindow.parseDuration("15")).hasMessageContaining("15m");
    assertThatThrownBy(() -> TimeWindow.parseDuration("xm")).hasMessageContaining("duration");
  }

  @Test
  void fromWinsOverSince() {
    Instant now = Instant.parse("2026-11-23T10:00:00Z");
    assertThat(TimeWindow.start(Optional.of("2026-11-23T09:00:00Z"), Optional.of("5m"), now))
        .contains(Instant.parse("2026-11-23T09:00:00Z"));
    assertThat(TimeWindow.start(Optional.empty(), Optional.of("5m"), now))
        .contains(Instant.parse("2026-11-23T09:55:00Z"));
    assertThat(TimeWindow.start(Optional.empty(), Optional.empty(), now)).isEmpty();
  }
}
