package dev.dronedispatch.gateway.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.gateway.admission.WaitEstimate.Basis;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdmissionPolicyTest {

  private static final Duration WINDOW = Duration.ofMinutes(2);
  private final AdmissionPolicy policy =
      new AdmissionPolicy(true, Duration.ofSeconds(600), 0.8, WINDOW);

  private static ClassBacklog backlog(int pending, int oldestS, int assigned, Duration observed) {
    return new ClassBacklog(
        WeightClass.HEAVY, pending, Duration.ofSeconds(oldestS), assigned, observed);
  }

  @Test
  void nothingPendingWaitsNothing() {
    WaitEstimate e = policy.estimate(backlog(0, 0, 0, Duration.ZERO));
    assertThat(e.expectedWait()).isZero();
    assertThat(e.basis()).isEqualTo(Basis.NO_BACKLOG);
  }

  @Test
  void theWaitIsThePendingCountOverTheRecentAssignmentRate() {
    // 60 assignments in 2 minutes: 0.5/s; 300 ahead: 600 s
    WaitEstimate e = policy.estimate(backlog(300, 50, 60, WINDOW));
    assertThat(e.basis()).isEqualTo(Basis.ASSIGNMENT_RATE);
    assertThat(e.assignmentsPerSecond()).isEqualTo(0.5);
    assertThat(e.expectedWait()).isEqualTo(Duration.ofSeconds(600));
  }

  @Test
  void aFreshSystemWithABurstAndNoRateYetIsNotClosed() {
    // 5,000 orders in the first 10 s, two assigned: too little to measure a rate
    ClassAdmission v = policy.decide(backlog(5000, 10, 2, Duration.ofSeconds(10)), false);
    assertThat(v.basis()).isEqualTo(Basis.OLDEST_PENDING);
    assertThat(v.estimatedWaitS()).isEqualTo(10.0);
    assertThat(v.assignmentsPerMin()).isNull();
    assertThat(v.closed()).isFalse();
  }

  @Test
  void enoughAssignmentsMakeARateBeforeAWholeWindowExists() {
    // 5 assignments in 10 s: 0.5/s; 5,000 ahead: 10,000 s
    ClassAdmission v = policy.decide(backlog(5000, 10, 5, Duration.ofSeconds(10)), false);
    assertThat(v.basis()).isEqualTo(Basis.ASSIGNMENT_RATE);
    assertThat(v.assignmentsPerMin()).isEqualTo(30.0);
    assertThat(v.estimatedWaitS()).isEqualTo(10_000.0);
    assertThat(v.closed()).isTrue();
  }

  @Test
  void aStalledClassClosesOnceItsOldestOrderHasWaitedOverTheLimit() {
    assertThat(policy.decide(backlog(3, 590, 0, WINDOW), false).closed()).isFalse();
    ClassAdmission v = policy.decide(backlog(3, 601, 0, WINDOW), false);
    assertThat(v.closed()).isTrue();
    assertThat(v.basis()).isEqualTo(Basis.OLDEST_PENDING);
    assertThat(v.assignmentsPerMin()).isEqualTo(0.0);
  }

  @Test
  void closedItReopensOnlyBelowTheReopeningPoint() {
    // 0.5/s: 301 pending = 602 s closes; 280 = 560 s keeps it closed; 240 = 480 s reopens
    assertThat(policy.decide(backlog(299, 0, 60, WINDOW), false).closed()).isFalse();
    assertThat(policy.decide(backlog(301, 0, 60, WINDOW), false).closed()).isTrue();
    assertThat(policy.decide(backlog(280, 0, 60, WINDOW), true).closed()).isTrue();
    assertThat(policy.decide(backlog(280, 0, 60, WINDOW), false).closed()).isFalse();
    assertThat(policy.decide(backlog(240, 0, 60, WINDOW), true).closed()).isFalse();
  }

  @Test
  void retryAfterIsTheTimeToDrainToTheReopeningPointAtMostTheLimit() {
    // 0.5/s: 400 pending = 800 s; reopens at 480 s: 320 s to drain
    assertThat(policy.decide(backlog(400, 0, 60, WINDOW), false).retryAfterS()).isEqualTo(320);
    assertThat(policy.decide(backlog(40_000, 0, 60, WINDOW), false).retryAfterS()).isEqualTo(600);
    assertThat(policy.decide(backlog(10, 0, 60, WINDOW), false).retryAfterS()).isZero();
  }

  @Test
  void disabledNothingClosesButTheEstimateIsStillMade() {
    AdmissionPolicy off = new AdmissionPolicy(false, Duration.ofSeconds(600), 0.8, WINDOW);
    ClassAdmission v = off.decide(backlog(15_673, 1380, 60, WINDOW), true);
    assertThat(v.closed()).isFalse();
    assertThat(v.estimatedWaitS()).isEqualTo(31_346.0);
  }
}
