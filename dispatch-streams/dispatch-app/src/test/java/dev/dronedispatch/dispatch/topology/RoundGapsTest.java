package dev.dronedispatch.dispatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RoundGapsTest {

  private static final Instant T0 = Instant.parse("2026-12-06T20:00:00Z");

  @Test
  void regularRoundsKeepTheAssignmentTimeAndAStallMovesItToTheReturn() {
    RoundGaps gaps = new RoundGaps(Duration.ofSeconds(15));
    assertThat(gaps.round(T0)).as("the first round of a task").isZero();
    Instant assigned = T0.plusSeconds(2);
    assertThat(gaps.round(T0.plusSeconds(5))).isZero();
    assertThat(gaps.round(T0.plusSeconds(15))).as("10 s apart: no stall").isZero();
    assertThat(gaps.knownSince(assigned)).isEqualTo(assigned);

    Instant back = T0.plusSeconds(75);
    assertThat(gaps.round(back)).isEqualTo(Duration.ofSeconds(60));
    assertThat(gaps.knownSince(assigned)).isEqualTo(back);
    assertThat(gaps.knownSince(back.plusSeconds(1))).isEqualTo(back.plusSeconds(1));
  }

  @Test
  void aTasksFirstRoundCountsAsAReturn() {
    RoundGaps gaps = new RoundGaps(Duration.ofSeconds(15));
    gaps.round(T0);
    assertThat(gaps.knownSince(T0.minusSeconds(300))).isEqualTo(T0);
    assertThat(gaps.knownSince(null)).isEqualTo(T0);
  }
}
