package dev.dronedispatch.gateway.delivery;

import io.swagger.v3.oas.annotations.media.Schema;

/** The POST /deliveries body, for the OpenAPI document only (parsing is done by the parser). */
@Schema(name = "DeliveryRequest", description = "extra fields are ignored")
public record DeliveryRequestSchema(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Point origin,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Point destination,
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            description = "kg, > 0 and at most MAX_WEIGHT_KG (15)",
            example = "2.5")
        double weight) {

  /** A point inside the service area (lat 41.80–41.98, lon 12.37–12.60). */
  public record Point(@Schema(example = "41.9") double lat, @Schema(example = "12.5") double lon) {}
}
