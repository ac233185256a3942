package dev.dronedispatch.dispatch.fleet;

import static dev.dronedispatch.model.geo.WeightClass.HEAVY;
import static dev.dronedispatch.model.geo.WeightClass.LIGHT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetireHysteresisTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private final RetireHysteresis h = new RetireHysteresis(Duration.ofSeconds(30));

  @Test
  void aClassMayRetireOnlyAfterStayingOverTargetLongEnough() {
    assertThat(h.mayRetire(Set.of(LIGHT), T0)).isEmpty();
    assertThat(h.mayRetire(Set.of(LIGHT, HEAVY), T0.plusSeconds(29))).isEmpty();
    assertThat(h.mayRetire(Set.of(LIGHT, HEAVY), T0.plusSeconds(30))).containsExactly(LIGHT);
  }

  @Test
  void aDipBelowTargetStartsTheWaitAgain() {
    h.mayRetire(Set.of(LIGHT), T0);
    h.mayRetire(Set.of(), T0.plusSeconds(20)); // the backlog came back for a round
    assertThat(h.mayRetire(Set.of(LIGHT), T0.plusSeconds(40))).isEmpty();
    assertThat(h.mayRetire(Set.of(LIGHT), T0.plusSeconds(70))).containsExactly(LIGHT);
  }

  @Test
  void zeroMeansAtOnce() {
    assertThat(new RetireHysteresis(Duration.ZERO).mayRetire(Set.of(HEAVY), T0))
        .containsExactly(HEAVY);
  }
}
