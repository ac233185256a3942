package dev.dronedispatch.dispatch.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LivenessJudgeTest {

  private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
  private static final LivenessJudge JUDGE = new LivenessJudge(Duration.ofSeconds(30));

  private static DroneSighting heard(long heardS, long movedS, long newestS) {
    return new DroneSighting(
        T0.plusSeconds(heardS), T0.plusSeconds(movedS), T0.plusSeconds(newestS));
  }

  @Test
  void aFreeDroneIsLostOnlyBySilenceNotForSittingParked() {
    assertThat(JUDGE.lostWhileFree(heard(0, 0, 31))).contains(FleetTransition.LOST_SILENT);
    assertThat(JUDGE.lostWhileFree(heard(0, 0, 30))).isEmpty();
    assertThat(JUDGE.lostWhileFree(heard(600, 0, 600))).isEmpty(); // parked for ten minutes
  }

  @Test
  void silenceIsJudgedAgainstTheNewestReportSoALaggingFeedLosesNoDrone() {
    // the reader is far behind the wall clock, but every drone is as recent as the feed
    assertThat(JUDGE.lostWhileFree(heard(5, 5, 6))).isEmpty();
    assertThat(JUDGE.lostWhileBusy(heard(5, 5, 6), T0)).isEmpty();
  }

  @Test
  void aBusyDroneIsLostWhenSilentOrWhenItHasNotMovedSinceItGotTheDelivery() {
    assertThat(JUDGE.lostWhileBusy(heard(0, 0, 31), T0)).contains(FleetTransition.LOST_SILENT);
    assertThat(JUDGE.lostWhileBusy(heard(40, 5, 40), T0)).contains(FleetTransition.LOST_STUCK);
    assertThat(JUDGE.lostWhileBusy(heard(40, 35, 40), T0)).isEmpty();
  }

  @Test
  void aDroneThatWentQuietJustAfterItsAssignmentIsSilentNotStuck() {
    // 30.1 s after the assignment: stuck by the clock, but its last word came 0.2 s after it
    DroneSighting quiet = new DroneSighting(T0.plusMillis(1200), T0, T0.plusMillis(31_100));
    assertThat(JUDGE.lostWhileBusy(quiet, T0.plusMillis(1000))).isEmpty();
    DroneSighting silent = new DroneSighting(T0.plusMillis(1200), T0, T0.plusMillis(31_201));
    assertThat(JUDGE.lostWhileBusy(silent, T0.plusMillis(1000)))
        .contains(FleetTransition.LOST_SILENT);
  }

  @Test
  void aDroneParkedLongBeforeItsAssignmentIsNotStuckRightAfterIt() {
    assertThat(JUDGE.lostWhileBusy(heard(600, 0, 600), T0.plusSeconds(590))).isEmpty();
    assertThat(JUDGE.lostWhileBusy(heard(640, 0, 640), T0.plusSeconds(590)))
        .contains(FleetTransition.LOST_STUCK);
  }

  @Test
  void aLostDroneIsFoundWhenHeardAndMovingOrAtACharger() {
    assertThat(JUDGE.found(heard(100, 99, 100), false)).isTrue();
    assertThat(JUDGE.found(heard(100, 0, 100), true)).isTrue();
    assertThat(JUDGE.found(heard(100, 0, 100), false)).isFalse(); // stranded where it came down
    assertThat(JUDGE.found(heard(0, 0, 100), true)).isFalse(); // still silent
  }
}
