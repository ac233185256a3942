package dev.dronedispatch.model.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryStageTest {

  @Test
  void everyStageMapsBackToItselfThroughItsStatusAndLeg() {
    for (DeliveryStage s : DeliveryStage.values()) {
      assertThat(DeliveryStage.of(s.status(), s.leg())).isEqualTo(s);
    }
  }

  @Test
  void stagesAreOrderedAsTheyHappen() {
    assertThat(DeliveryStage.PENDING.next()).isEqualTo(DeliveryStage.ASSIGNED);
    assertThat(DeliveryStage.ASSIGNED.next()).isEqualTo(DeliveryStage.TO_ORIGIN);
    assertThat(DeliveryStage.TO_ORIGIN.next()).isEqualTo(DeliveryStage.TO_DESTINATION);
    assertThat(DeliveryStage.TO_DESTINATION.next()).isEqualTo(DeliveryStage.DELIVERED);
    assertThat(DeliveryStage.DELIVERED.next()).isEqualTo(DeliveryStage.DELIVERED);
    assertThat(DeliveryStage.DELIVERED.isAfter(DeliveryStage.TO_DESTINATION)).isTrue();
  }

  @Test
  void failedIsTerminalAndNeverTheNextStageOfAnother() {
    assertThat(DeliveryStage.FAILED.next()).isEqualTo(DeliveryStage.FAILED);
    assertThat(DeliveryStage.FAILED.isTerminal()).isTrue();
    assertThat(DeliveryStage.DELIVERED.isTerminal()).isTrue();
    assertThat(DeliveryStage.TO_DESTINATION.isTerminal()).isFalse();
    for (DeliveryStage s : DeliveryStage.values()) {
      if (s != DeliveryStage.FAILED) {
        assertThat(s.next()).isNotEqualTo(DeliveryStage.FAILED);
      }
    }
  }

  @Test
  void inFlightWithoutALegIsOnItsWayToTheOrigin() {
    assertThat(DeliveryStage.of(DeliveryStatus.IN_FLIGHT, null)).isEqualTo(DeliveryStage.TO_ORIGIN);
  }

  @Test
  void theReasonIsTheStatusEventsReason() {
    assertThat(DeliveryStage.TO_DESTINATION.reason()).isEqualTo("picked_up");
    assertThat(DeliveryStage.TO_ORIGIN.reason()).isEqualTo("in_flight");
  }
}
