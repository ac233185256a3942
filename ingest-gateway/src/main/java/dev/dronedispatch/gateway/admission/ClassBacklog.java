package dev.dronedispatch.gateway.admission;

import dev.dronedispatch.model.geo.WeightClass;
import java.time.Duration;

/**
 * One weight class's queue as the topics show it at an instant: deliveries requested and not yet
 * progressed, how long the oldest of them has waited, and how many left the queue (were assigned)
 * during the last {@code observedFor} — the rate window, or less while the topics hold less history
 * (a fresh system).
 */
public record ClassBacklog(
    WeightClass weightClass,
    int pending,
    Duration oldestPendingAge,
    int assignedRecently,
    Duration observedFor) {}
