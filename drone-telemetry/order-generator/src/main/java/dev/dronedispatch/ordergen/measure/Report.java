package dev.dronedispatch.ordergen.measure;

import dev.dronedispatch.model.measure.LatencySummary;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The final report of a run. Latencies in milliseconds; throughput in answered POSTs per second.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Report(
    String mode,
    double elapsedSec,
    long sent,
    long created,
    long replayed,
    long completed,
    double throughputPerSec,
    Map<String, Long> errors,
    LatencySummary postLatency,
    LatencySummary postServiceTime,
    boolean statusTracked,
    LatencySummary requestToAssigned,
    LatencySummary requestToDelivered,
    long awaitingAssignment,
    long awaitingDelivery,
    long statusDeadLetters) {

  public String format() {
    StringBuilder b = new StringBuilder();
    b.append("==== order generator report (").append(mode).append(") ====\n");
    b.append(
        String.format(
            Locale.ROOT,
            "elapsed %.1fs  sent %d  answered %d  created %d  replayed %d  throughput %.1f/s%n",
            elapsedSec,
            sent,
            completed,
            created,
            replayed,
            throughputPerSec));
    b.append("errors by status: ").append(errors.isEmpty() ? "none" : errors).append('\n');
    b.append("POST latency (from intended send, CO-corrected): ")
        .append(postLatency.format())
        .append('\n');
    b.append("POST service time (from actual send):            ")
        .append(postServiceTime.format())
        .append('\n');
    if (statusTracked) {
      b.append("request -> assigned:  ").append(requestToAssigned.format()).append('\n');
      b.append("request -> delivered: ").append(requestToDelivered.format()).append('\n');
      b.append(
          String.format(
              Locale.ROOT,
              "still awaiting assignment %d, delivery %d%n",
              awaitingAssignment,
              awaitingDelivery));
      if (statusDeadLetters > 0) {
        b.append(
            String.format(
                Locale.ROOT,
                "status records unreadable, set aside in deliveries.status.dlq: %d%n",
                statusDeadLetters));
      }
    } else {
      b.append("request -> assigned/delivered: not measured (no Kafka bootstrap given)\n");
    }
    return b.toString();
  }
}
