package dev.dronedispatch.gateway.delivery;

import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The POST /deliveries answer, as the original's: {@code {id, status, drone_id}}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeliveryView(String id, DeliveryStatus status, String droneId) {

  public static DeliveryView of(DeliveryDocument d) {
    return new DeliveryView(d.id(), d.status(), d.droneId());
  }
}
