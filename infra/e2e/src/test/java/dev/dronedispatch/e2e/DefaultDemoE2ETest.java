package dev.dronedispatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.launcher.LocalSystem;
import dev.dronedispatch.ops.backlog.BacklogHistory;
import dev.dronedispatch.ops.backlog.BacklogTimeline;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The default demo keeps up with its own orders: started as {@code ./run.sh} starts it and left for
 * three minutes (two cycles of the bursty order generator), its backlog, read from the topics so
 * that requests no dispatcher has taken in yet count too, stays near zero and every request that is
 * not among the last is assigned. The fifteen-minute version is {@code ./bench.sh demo}.
 */
class DefaultDemoE2ETest {

  private static final Duration RUN = Duration.ofMinutes(3);

  /** Requests younger than this at the end may still wait for a drone of their class. */
  private static final Duration GRACE = Duration.ofSeconds(90);

  @Test
  void theDefaultDemoKeepsItsBacklogNearZero() throws Exception {
    try (LocalSystem system = SystemUnderTest.startDefaultDemo()) {
      Instant start = Instant.now();
      Thread.sleep(RUN.toMillis());
      Instant end = Instant.now();

      BacklogTimeline timeline =
          BacklogHistory.read(system.options().kafkaBootstrap(), start.minusSeconds(60));
      List<BacklogTimeline.Sample> samples = timeline.every(start, end, Duration.ofSeconds(10));
      samples.forEach(s -> System.out.println("[e2e] backlog " + s));

      assertThat(timeline.requestedBetween(start, end))
          .as("the order generator ran")
          .isGreaterThan(20);
      assertThat(samples)
          .as("backlog every 10 s")
          .allSatisfy(s -> assertThat(s.pending()).isLessThanOrEqualTo(20));
      assertThat(timeline.at(end).oldestWait())
          .as("the oldest request still waiting at the end")
          .isLessThan(GRACE);
    }
  }
}
