package dev.dronedispatch.dispatch.web;

import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** Drone counts by class and status as this instance sees the fleet (the whole fleet). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FleetSummary(
    int total, Map<String, Integer> byStatus, Map<String, Map<String, Integer>> byClass) {}
