package dev.dronedispatch.gateway.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DeliveryWaiting;
import dev.dronedispatch.model.story.DeliveryRecords;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryBookTest {

  private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");

  @Test
  void keepsADeliverysStatusEventsAndWaitingReasonsInTheOrderRead() {
    DeliveryBook book = new DeliveryBook(10, 10);
    book.onWaiting(waiting("d-1", "no_idle_drone", 1));
    book.onStatus(status("d-1", DeliveryStatus.ASSIGNED, 2));
    book.onStatus(status("d-1", DeliveryStatus.IN_FLIGHT, 3));

    DeliveryRecords records = book.records("d-1").orElseThrow();
    assertThat(records.request()).isEmpty();
    assertThat(records.waits())
        .extracting(DeliveryWaiting::reason)
        .containsExactly("no_idle_drone");
    assertThat(records.statuses())
        .extracting(DeliveryStatusChanged::status)
        .containsExactly(DeliveryStatus.ASSIGNED, DeliveryStatus.IN_FLIGHT);
    assertThat(records.telemetryByDrone()).isEmpty();
    assertThat(book.records("d-2")).isEmpty();
  }

  @Test
  void forgetsTheDeliveryHeardOfLongestAgoWhenFull() {
    DeliveryBook book = new DeliveryBook(2, 10);
    book.onStatus(status("d-1", DeliveryStatus.ASSIGNED, 1));
    book.onStatus(status("d-2", DeliveryStatus.ASSIGNED, 2));
    book.onStatus(status("d-1", DeliveryStatus.IN_FLIGHT, 3)); // d-1 heard of again: d-2 is older
    book.onStatus(status("d-3", DeliveryStatus.ASSIGNED, 4));

    assertThat(book.size()).isEqualTo(2);
    assertThat(book.records("d-2")).isEmpty();
    assertThat(book.records("d-1")).isPresent();
    assertThat(book.records("d-3")).isPresent();
  }

  @Test
  void keepsTheLatestEventsOfADeliveryWhenItHasTooMany() {
    DeliveryBook book = new DeliveryBook(10, 2);
    book.onStatus(status("d-1", DeliveryStatus.ASSIGNED, 1));
    book.onStatus(status("d-1", DeliveryStatus.IN_FLIGHT, 2));
    book.onStatus(status("d-1", DeliveryStatus.DELIVERED, 3));

    assertThat(book.records("d-1").orElseThrow().statuses())
        .extracting(DeliveryStatusChanged::status)
        .containsExactly(DeliveryStatus.IN_FLIGHT, DeliveryStatus.DELIVERED);
  }

  private static DeliveryStatusChanged status(String id, DeliveryStatus status, int second) {
    return new DeliveryStatusChanged(
        id,
        status,
        "drone-1",
        status == DeliveryStatus.DELIVERED ? null : Leg.TO_ORIGIN,
        T0.plusSeconds(second),
        T0,
        status.wireName(),
        null);
  }

  private static DeliveryWaiting waiting(String id, String reason, int second) {
    return new DeliveryWaiting(id, reason, T0.plusSeconds(second), T0, 0, Map.of());
  }
}
