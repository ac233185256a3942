package dev.dronedispatch.model.events;

import dev.dronedispatch.model.fleet.DroneStatus;
import java.time.Instant;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Event on {@code fleet.events}, keyed by drone id: a status change decided by fleet governance
 * (activate, retire, charge, ready, ...). {@code reason} names the rule, e.g. {@code
 * charge:battery_critical}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FleetEvent(
    String droneId, DroneStatus from, DroneStatus to, String reason, Instant ts) {}
