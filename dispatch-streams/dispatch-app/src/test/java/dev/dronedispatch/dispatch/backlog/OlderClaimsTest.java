package dev.dronedispatch.dispatch.backlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.dispatch.fleet.DroneView;
import dev.dronedispatch.dispatch.fleet.Drones;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

class OlderClaimsTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final DroneView DRONE = Drones.idle("drone-1", Drones.ROME, 90);
  private static final BiPredicate<DroneView, DeliveryRequested> SERVES_ALL = (d, r) -> true;
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
  void anOlderDeliveryOfAnotherTaskThatTheDroneCanServeClaimsIt() {
    DeliveryRequested mine = requested("mine", T0.plusSeconds(10));
    BacklogReport other = task(1, requested("young", T0.plusSeconds(20)), requested("old", T0));

    assertThat(claims.claimant(mine, DRONE, List.of(other), SERVES_ALL))
        .map(DeliveryRequested::id)
        .contains("old");
  }

  @Test
  void theOldestWaitingDeliveryIsNeverHeldBack() {
    DeliveryRequested oldest = requested("oldest", T0);
    BacklogReport other = task(1, requested("a", T0.plusSeconds(1)), requested("b", T0));

    assertThat(claims.claimant(oldest, DRONE, List.of(other), SERVES_ALL)).isEmpty();
  }

  @Test
  void anOlderDeliveryTheDroneCannotServeDoesNotHoldAYoungerOneBack() {
    DeliveryRequested mine = requested("mine", T0.plusSeconds(10));
    BacklogReport other = task(1, requested("unreachable", T0));

    assertThat(claims.claimant(mine, DRONE, List.of(other), (d, r) -> false)).isEmpty();
  }

  @Test
  void deliveriesRequestedWithinTheSlackDoNotDeferToEachOther() {
    DeliveryRequested mine = requested("mine", T0.plusMillis(400));
    BacklogReport other = task(1, requested("almost-same-time", T0));

    assertThat(claims.claimant(mine, DRONE, List.of(other), SERVES_ALL)).isEmpty();
    assertThat(
            claims.claimant(
                requested("mine", T0.plusMillis(600)), DRONE, List.of(other), SERVES_ALL))
        .isPresent();
  }

  @Test
  void theSameDeliveryShownByAnotherTaskIsNotAClaimant() {
    // after a rebalance the previous owner's last report may still show it
    DeliveryRequested mine = requested("moved", T0.plusSeconds(10));
    BacklogReport previousOwner = task(1, requested("moved", T0));

    assertThat(claims.claimant(mine, DRONE, List.of(previousOwner), SERVES_ALL)).isEmpty();
  }
}
