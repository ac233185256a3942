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
  void aDurationItCannotReadNamesTheAcceptedFormats() {
    for (String bad : new String[] {"15", "xm", "10x", "-5m", "", "s"}) {
      assertThatThrownBy(() -> TimeWindow.parseDuration(bad))
          .hasMessageContaining("'" + bad + "' is not a duration")
          .hasMessageContaining("90s, 15m, 2h, 1d");
    }
  }

  @Test
  void anInstantItCannotReadShowsAnExample() {
    assertThat(TimeWindow.parseInstant("2026-11-23T10:00:00Z"))
        .isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
    assertThatThrownBy(() -> TimeWindow.parseInstant("yesterday"))
        .hasMessageContaining("'yesterday' is not an ISO-8601 instant");
  }

  @Test
  void fromWinsOverSince() {
    Instant now = Instant.parse("2026-11-23T10:00:00Z");
    Instant nine = Instant.parse("2026-11-23T09:00:00Z");
    assertThat(TimeWindow.start(Optional.of(nine), Optional.of(Duration.ofMinutes(5)), now))
        .contains(nine);
    assertThat(TimeWindow.start(Optional.empty(), Optional.of(Duration.ofMinutes(5)), now))
        .contains(Instant.parse("2026-11-23T09:55:00Z"));
    assertThat(TimeWindow.start(Optional.empty(), Optional.empty(), now)).isEmpty();
  }
}
