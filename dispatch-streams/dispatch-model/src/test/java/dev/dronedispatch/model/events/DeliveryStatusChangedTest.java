package dev.dronedispatch.model.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeliveryStatusChangedTest {

  private static final Instant REQUESTED = Instant.parse("2026-12-06T10:00:00Z");

  private static DeliveryStatusChanged assignedAt(Instant ts, Instant requestedAt) {
    return new DeliveryStatusChanged(
        "d-1",
        DeliveryStatus.ASSIGNED,
        "drone-1",
        Leg.TO_ORIGIN,
        ts,
        requestedAt,
        "assigned",
        null);
  }

  @Test
  void theLatencySinceTheRequestRunsFromRequestedAtToTheStagesStamp() {
    assertThat(assignedAt(REQUESTED.plusMillis(250), REQUESTED).sinceRequested())
        .contains(Duration.ofMillis(250));
    assertThat(assignedAt(REQUESTED, REQUESTED).sinceRequested()).contains(Duration.ZERO);
  }

  @Test
  void noLatencyWithoutBothInstantsOrWhenTheStageIsStampedBeforeTheRequest() {
    assertThat(assignedAt(REQUESTED, null).sinceRequested()).isEmpty();
    assertThat(assignedAt(null, REQUESTED).sinceRequested()).isEmpty();
    assertThat(assignedAt(REQUESTED.minusMillis(1), REQUESTED).sinceRequested()).isEmpty();
  }
}
