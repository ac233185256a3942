package dev.dronedispatch.ordergen.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {

  private static final long SEC = 1_000_000_000L;

  private static List<Long> arrivals(ArrivalSchedule s, long untilNanos) {
    List<Long> out = new ArrayList<>();
    long t = 0;
    while (true) {
      long next = s.next(t).orElseThrow();
      if (next >= untilNanos) {
        return out;
      }
      assertThat(next).isGreaterThanOrEqualTo(t);
      out.add(next);
      t = next;
    }
  }

  @Test
  void constantRateSpacesArrivalsEvenlyFromTimeZero() {
    List<Long> a = arrivals(new ConstantRate(200), SEC);

    assertThat(a).hasSize(200);
    assertThat(a.get(0)).isZero();
    for (int i = 1; i < a.size(); i++) {
      assertThat(a.get(i) - a.get(i - 1)).isBetween(4_999_999L, 5_000_001L);
    }
  }

  @Test
  void burstyCycleFollowsEachPhasesRateAndIsSilentInTheSilentPhase() {
    // the original's defaults: 30 s at 0.5/s, 10 s at 2/s, 20 s at 0.5/s, 60 s silent
    BurstyProfile p =
        new BurstyProfile(BurstyProfile.cycle(0.5, 2.0, 30, 10, 20, 60), new SplittableRandom(1));
    int cycles = 200;
    long cycle = 120 * SEC;
    int[] perPhase = new int[4];
    for (long t : arrivals(p, cycles * cycle)) {
      long offset = t % cycle;
      perPhase[offset < 30 * SEC ? 0 : offset < 40 * SEC ? 1 : offset < 60 * SEC ? 2 : 3]++;
    }
    assertThat(perPhase[0] / (double) cycles).isCloseTo(15, within(1.5));
    assertThat(perPhase[1] / (double) cycles).isCloseTo(20, within(2.0));
    assertThat(perPhase[2] / (double) cycles).isCloseTo(10, within(1.0));
    assertThat(perPhase[3]).isZero();
  }

  @Test
  void theSilentPhaseIsCrossedInOneJumpNotASpin() {
    BurstyProfile p =
        new BurstyProfile(BurstyProfile.cycle(0.5, 2.0, 30, 10, 20, 60), new SplittableRandom(2));
    long inSilence = 61 * SEC;

    long next = p.next(inSilence).orElseThrow();

    assertThat(next).isGreaterThanOrEqualTo(120 * SEC);
    assertThat(p.phaseAt(inSilence).name()).isEqualTo("SILENT");
    assertThat(p.phaseAt(next).name()).isEqualTo("LOW1");
  }

  @Test
  void aCycleWithoutTrafficIsRejected() {
    assertThatThrownBy(
            () ->
                new BurstyProfile(
                    BurstyProfile.cycle(0, 0, 30, 10, 20, 60), new SplittableRandom()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
