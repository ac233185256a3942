package dev.dronedispatch.checking.history.track;

import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.geo.GeoPoint;
import java.time.Instant;

/**
 * What the physical checks need of one telemetry record: when, where, the battery, the drone's
 * cruise speed in km/h of simulated time, and its sequence number (consecutive unless records were
 * lost). Kept small because an audit window holds one per drone per tick.
 */
public record TelemetrySample(Instant ts, GeoPoint pos, double battery, double speedKmh, long seq) {

  public static TelemetrySample of(DroneTelemetry record) {
    return new TelemetrySample(
        record.ts(), record.pos(), record.battery(), record.speedKmh(), record.seq());
  }
}
