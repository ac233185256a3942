package dev.dronedispatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {

  private final RestartPolicy policy = RestartPolicy.withBackoff();

  @Test
  void quickFailuresWaitTwiceAsLongEachTimeUpToTheCap() {
    assertThat(IntStream.rangeClosed(1, 7).mapToObj(policy::delayBefore))
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(16),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30));
  }

  @Test
  void aProcessThatDiesSoonAfterItsStartCountsAsAnotherAttempt() {
    assertThat(policy.attemptAfter(0, Duration.ofSeconds(3))).isEqualTo(1);
    assertThat(policy.attemptAfter(4, Duration.ofSeconds(59))).isEqualTo(5);
  }

  @Test
  void aProcessThatRanAMinuteStartsTheBackOffAfresh() {
    assertThat(policy.attemptAfter(6, Duration.ofMinutes(1))).isEqualTo(1);
    assertThat(policy.delayBefore(policy.attemptAfter(6, Duration.ofHours(2))))
        .isEqualTo(Duration.ofSeconds(1));
  }
}
