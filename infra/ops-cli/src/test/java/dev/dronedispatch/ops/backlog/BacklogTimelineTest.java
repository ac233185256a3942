package dev.dronedispatch.ops.backlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BacklogTimelineTest {

  private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

  private static Instant t(int seconds) {
    return T0.plusSeconds(seconds);
  }

  @Test
  void aDeliveryIsPendingFromItsRequestUntilItsFirstAssignment() {
    BacklogTimeline timeline = new BacklogTimeline(Map.of("a", t(0), "b", t(10), "c", t(30)));
    timeline.assigned("a", t(5));
    timeline.assigned("b", t(40));
    timeline.assigned("b", t(60)); // replayed later: the first assignment counts

    assertThat(timeline.every(t(0), t(40), Duration.ofSeconds(10)))
        .extracting(BacklogTimeline.Sample::pending)
        .containsExactly(1, 1, 1, 2, 1);
    assertThat(timeline.at(t(35)).oldestWait()).isEqualTo(Duration.ofSeconds(25));
    assertThat(timeline.at(t(45)).oldestWait()).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void aDeliveryThatFailedWithoutADroneStopsWaitingWhenItFailed() {
    BacklogTimeline timeline = new BacklogTimeline(Map.of("a", t(0), "b", t(5)));
    timeline.failed("a", t(20));
    timeline.assigned("b", t(6));
    timeline.failed("b", t(30)); // failed after its assignment: it waited only until then

    assertThat(timeline.at(t(10)))
        .isEqualTo(new BacklogTimeline.Sample(t(10), 1, Duration.ofSeconds(10)));
    assertThat(timeline.at(t(20)).pending()).isZero();
    assertThat(timeline.requestToAssignedMs(t(0), t(30))).containsExactly(1000L);
  }

  @Test
  void anEmptyBacklogHasNoWait() {
    BacklogTimeline timeline = new BacklogTimeline(Map.of("a", t(0)));
    timeline.assigned("a", t(1));

    assertThat(timeline.at(t(2))).isEqualTo(new BacklogTimeline.Sample(t(2), 0, Duration.ZERO));
  }

  @Test
  void latencyCountsTheAssignedDeliveriesRequestedInTheWindow() {
    BacklogTimeline timeline =
        new BacklogTimeline(Map.of("before", t(-10), "a", t(0), "b", t(10), "never", t(20)));
    timeline.assigned("before", t(1));
    timeline.assigned("a", t(2));
    timeline.assigned("b", t(13));

    assertThat(timeline.requestToAssignedMs(t(0), t(30))).containsExactlyInAnyOrder(2000L, 3000L);
    assertThat(timeline.requestedBetween(t(0), t(30))).isEqualTo(3);
  }
}
