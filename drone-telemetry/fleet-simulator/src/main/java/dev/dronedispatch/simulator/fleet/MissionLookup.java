package dev.dronedispatch.simulator.fleet;

import java.util.Optional;

/**
 * A request to read a busy drone's delivery from the KV: by id when known (from {@code
 * deliveries.status}), otherwise through the drone document's {@code current_delivery}.
 */
public record MissionLookup(String droneId, Optional<String> deliveryId) {}
