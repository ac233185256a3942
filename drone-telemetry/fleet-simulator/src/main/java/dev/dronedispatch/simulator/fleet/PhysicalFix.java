package dev.dronedispatch.simulator.fleet;

import dev.dronedispatch.model.geo.GeoPoint;

/** The physical fields of one drone to merge into its KV document. */
public record PhysicalFix(String droneId, GeoPoint pos, double battery, boolean atCharge) {}
