package dev.dronedispatch.dispatch.backlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.dispatch.fleet.Drones;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OlderClaimsTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private final OlderClaims claims = new OlderClaims(Duration.ofMillis(500));

  private static DeliveryRequested requested(String id, Instant at) {
    return new DeliveryRequested(
        id, Drones.ROME, Drones.north(Drones.ROME, 1), 1, WeightClass.LIGHT, null, null, at);
  }

  private static BacklogReport task(int partition, DeliveryRequested... waiting) {
    return new BacklogReport(
        partition, Map.of(WeightClass.LIGHT, waiting.length), Map.of(), List.of(waiting), T0);
  }

  @Test
  void theDeliveriesWaitingElsewhereComeOldestFirstAcrossTasks() {
    BacklogReport one =
        task(1, requested("b", T0.plusSeconds(2)), requested("d", T0.plusSeconds(4)));
    BacklogReport two =
        task(2, requested("a", T0.plusSeconds(1)), requested("c", T0.plusSeconds(3)));

    assertThat(claims.waitingElsewhere(List.of(one, two), Set.of()))
        .extracting(DeliveryRequested::id)
        .containsExactly("a", "b", "c", "d");
  }

  @Test
  void aDeliveryShownElsewhereThatIsNowOwnIsNotWaitingElsewhere() {
    // after a rebalance the previous owner's last report may still show it
    BacklogReport previousOwner = task(1, requested("moved", T0), requested("other", T0));

    assertThat(claims.waitingElsewhere(List.of(previousOwner), Set.of("moved")))
        .extracting(DeliveryRequested::id)
        .containsExactly("other");
  }

  @Test
  void aDeliveryShownByTwoReportsCountsOnce() {
    BacklogReport old = task(1, requested("x", T0));
    BacklogReport current = task(2, requested("x", T0));

    assertThat(claims.waitingElsewhere(List.of(old, current), Set.of())).hasSize(1);
  }

  @Test
  void anOlderDeliveryElsewhereComesBeforeAYoungerOwnOne() {
    assertThat(claims.comesBefore(requested("old", T0), requested("mine", T0.plusSeconds(10))))
        .isTrue();
    assertThat(claims.comesBefore(requested("young", T0.plusSeconds(20)), requested("mine", T0)))
        .isFalse();
  }

  @Test
  void deliveriesRequestedWithinTheSlackDoNotWaitForEachOther() {
    DeliveryRequested elsewhere = requested("almost-same-time", T0);

    assertThat(claims.comesBefore(elsewhere, requested("mine", T0.plusMillis(400)))).isFalse();
    assertThat(claims.comesBefore(elsewhere, requested("mine", T0.plusMillis(600)))).isTrue();
  }

  @Test
  void aDeliveryWithoutARequestTimeWaitsForNoOne() {
    assertThat(claims.comesBefore(requested("old", T0), requested("mine", null))).isFalse();
  }
}
