package dev.dronedispatch.dispatch.fleet;

import static dev.dronedispatch.model.fleet.DroneStatus.BUSY;
import static dev.dronedispatch.model.fleet.DroneStatus.CHARGING;
import static dev.dronedispatch.model.fleet.DroneStatus.IDLE;
import static dev.dronedispatch.model.fleet.DroneStatus.INACTIVE;
import static dev.dronedispatch.model.fleet.DroneStatus.RETIRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dronedispatch.model.fleet.DroneDocument;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DroneStateMachineTest {

  @Test
  void onlyTheOriginalsTransitionsAreAllowed() {
    assertThat(DroneStateMachine.allowed(INACTIVE, IDLE)).isTrue();
    assertThat(DroneStateMachine.allowed(IDLE, BUSY)).isTrue();
    assertThat(DroneStateMachine.allowed(BUSY, IDLE)).isTrue();
    assertThat(DroneStateMachine.allowed(IDLE, CHARGING)).isTrue();
    assertThat(DroneStateMachine.allowed(CHARGING, IDLE)).isTrue();
    assertThat(DroneStateMachine.allowed(CHARGING, RETIRING)).isTrue();
    assertThat(DroneStateMachine.allowed(IDLE, RETIRING)).isTrue();
    assertThat(DroneStateMachine.allowed(RETIRING, INACTIVE)).isTrue();
    // a busy drone is never sent charging; a retiring one is never reactivated directly
    assertThat(DroneStateMachine.allowed(BUSY, CHARGING)).isFalse();
    assertThat(DroneStateMachine.allowed(RETIRING, IDLE)).isFalse();
    assertThat(DroneStateMachine.allowed(INACTIVE, BUSY)).isFalse();
  }

  @Test
  void claimTakesOnlyAnIdleFreeDrone() {
    var claim = DroneStateMachine.claim("d1");
    DroneDocument claimed =
        claim.apply(Optional.of(Drones.doc("drone-1", IDLE, null))).orElseThrow();
    assertThat(claimed.status()).isEqualTo(BUSY);
    assertThat(claimed.currentDelivery()).isEqualTo("d1");
    assertThat(claim.apply(Optional.of(Drones.doc("drone-1", BUSY, "d0")))).isEmpty();
    assertThat(claim.apply(Optional.of(Drones.doc("drone-1", CHARGING, null)))).isEmpty();
    assertThat(claim.apply(Optional.empty())).isEmpty();
  }

  @Test
  void releaseFreesOnlyTheDroneOfThatDelivery() {
    var release = DroneStateMachine.release("d1");
    DroneDocument freed =
        release.apply(Optional.of(Drones.doc("drone-1", BUSY, "d1"))).orElseThrow();
    assertThat(freed.status()).isEqualTo(IDLE);
    assertThat(freed.currentDelivery()).isNull();
    assertThat(release.apply(Optional.of(Drones.doc("drone-1", BUSY, "d2")))).isEmpty();
    assertThat(release.apply(Optional.of(Drones.doc("drone-1", IDLE, null)))).isEmpty();
  }

  @Test
  void moveChecksTheSourceStatusAndCanResetMisses() {
    DroneDocument missing =
        Drones.doc("drone-1", IDLE, null).withControl(IDLE, null, 3, List.of("a", "b", "c"));
    DroneDocument charging =
        DroneStateMachine.move(IDLE, CHARGING, true).apply(Optional.of(missing)).orElseThrow();
    assertThat(charging.status()).isEqualTo(CHARGING);
    assertThat(charging.feasMiss()).isZero();
    assertThat(charging.feasMissSet()).isEmpty();
    assertThat(DroneStateMachine.move(IDLE, CHARGING, false).apply(Optional.of(charging)))
        .isEmpty();
    assertThatThrownBy(() -> DroneStateMachine.move(IDLE, BUSY, false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
