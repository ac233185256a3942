package dev.dronedispatch.dispatch.fleet;

import java.time.Instant;

/**
 * When a drone was last heard from and last seen moving, and the newest report of any drone the
 * reader has seen: liveness is judged on the telemetry stream's own clock, so a reader that lags
 * behind the stream, or a feed that stopped altogether, makes no drone look silent.
 */
public record DroneSighting(Instant lastHeard, Instant lastMoved, Instant newestReport) {}
