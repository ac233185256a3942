package dev.dronedispatch.gateway.delivery;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.dronedispatch.gateway.admission.ClassAdmission;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import java.util.Optional;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The POST /deliveries answer, as the original's: {@code {id, status, drone_id}}, and on a 201 the
 * {@code eta} admission control estimated for the order's class.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeliveryView(
    String id,
    DeliveryStatus status,
    String droneId,
    @JsonInclude(JsonInclude.Include.NON_NULL) Eta eta) {

  /**
   * The expected wait for a drone at acceptance, in seconds, and what it rests on ({@code
   * no_backlog}, {@code assignment_rate}, {@code oldest_pending} — a lower bound); {@code unknown}
   * with no figure while the gateway's event hub warms up.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Eta(Double assignmentWaitS, String basis) {

    static Eta of(Optional<ClassAdmission> estimate) {
      return estimate
          .map(v -> new Eta(v.estimatedWaitS(), v.basis().wireName()))
          .orElse(new Eta(null, "unknown"));
    }
  }

  public static DeliveryView of(DeliveryDocument d) {
    return new DeliveryView(d.id(), d.status(), d.droneId(), null);
  }

  public static DeliveryView created(DeliveryDocument d, Optional<ClassAdmission> estimate) {
    return new DeliveryView(d.id(), d.status(), d.droneId(), Eta.of(estimate));
  }
}
