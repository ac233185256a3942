package dev.dronedispatch.model.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeliveryDocumentTest {

  private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

  private static DeliveryDocument assigned() {
    DeliveryRequested r =
        new DeliveryRequested(
            "del-1",
            new GeoPoint(41.9, 12.5),
            new GeoPoint(41.91, 12.51),
            2.0,
            WeightClass.LIGHT,
            "z0",
            "z1",
            T0);
    return DeliveryDocument.pending(r).assigned("drone-1", T0.plusSeconds(1));
  }

  @Test
  void handedBackIsPendingAgainWithoutADroneOrAnAssignmentTimeline() {
    DeliveryDocument back = assigned().inFlight(T0.plusSeconds(2)).handedBack();
    assertThat(back.status()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(back.stage()).isEqualTo(DeliveryStage.PENDING);
    assertThat(back.droneId()).isNull();
    assertThat(back.leg()).isNull();
    assertThat(back.assignedAt()).isNull();
    assertThat(back.inFlightAt()).isNull();
    assertThat(back.requestedAt()).isEqualTo(T0);
    assertThat(back.toRequest()).isEqualTo(assigned().toRequest());
  }

  @Test
  void failedKeepsItsDroneAndTimelineAndSaysWhenAndWhy() {
    DeliveryDocument failed =
        assigned()
            .inFlight(T0.plusSeconds(2))
            .pickedUp(T0.plusSeconds(3))
            .failed(T0.plusSeconds(9), DeliveryDocument.DRONE_LOST);
    assertThat(failed.stage()).isEqualTo(DeliveryStage.FAILED);
    assertThat(failed.droneId()).isEqualTo("drone-1");
    assertThat(failed.pickedUpAt()).isEqualTo(T0.plusSeconds(3));
    assertThat(failed.failedAt()).isEqualTo(T0.plusSeconds(9));
    assertThat(failed.failureReason()).isEqualTo("drone_lost");
    assertThat(failed.deliveredAt()).isNull();
  }

  @Test
  void theFailureIsWrittenInSnakeCaseAndReadBack() throws Exception {
    DeliveryDocument failed = assigned().failed(T0.plusSeconds(5), DeliveryDocument.NO_DRONE);
    String json = Json.mapper().writeValueAsString(failed);
    assertThat(json).contains("\"status\":\"failed\"").contains("\"failure_reason\":\"no_drone\"");
    assertThat(Json.mapper().readValue(json, DeliveryDocument.class)).isEqualTo(failed);
  }
}
