package dev.dronedispatch.ops.replay;

import dev.dronedispatch.model.events.AssignmentDecision;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.topics.DeadLetterHeaders;
import dev.dronedispatch.model.topics.Topics;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;

/** Turns replayed records into one readable line each, explaining dispatch decisions. */
public final class DecisionExplainer {

  private DecisionExplainer() {}

  public static String explain(ReplayedRecord r) {
    String where =
        String.format(
            Locale.ROOT, "%s %s[%d]@%d", r.timestamp(), r.topic(), r.partition(), r.offset());
    if (r.headers().containsKey(DeadLetterHeaders.SOURCE_TOPIC)) {
      return String.format(
          Locale.ROOT,
          "%s key=%s dead letter from %s[%s]@%s: %s: %s | value=%s",
          where,
          r.key(),
          r.headers().get(DeadLetterHeaders.SOURCE_TOPIC),
          r.headers().getOrDefault(DeadLetterHeaders.SOURCE_PARTITION, "?"),
          r.headers().getOrDefault(DeadLetterHeaders.SOURCE_OFFSET, "?"),
          r.headers().getOrDefault(DeadLetterHeaders.ERROR_CLASS, "?"),
          r.headers().getOrDefault(DeadLetterHeaders.ERROR_MESSAGE, ""),
          r.value());
    }
    try {
      if (r.topic().equals(Topics.DELIVERIES_STATUS.name())) {
        return where
            + " "
            + explain(Json.mapper().readValue(r.value(), DeliveryStatusChanged.class));
      }
      if (r.topic().equals(Topics.FLEET_EVENTS.name())) {
        FleetEvent e = Json.mapper().readValue(r.value(), FleetEvent.class);
        return String.format(
            Locale.ROOT,
            "%s %s %s -> %s (%s)",
            where,
            e.droneId(),
            e.from() == null ? "?" : e.from().wireName(),
            e.to().wireName(),
            e.reason());
      }
    } catch (JacksonException e) {
      return where + " key=" + r.key() + " unreadable value: " + e.getOriginalMessage();
    }
    return where + " key=" + r.key() + " " + r.value();
  }

  static String explain(DeliveryStatusChanged e) {
    StringBuilder sb = new StringBuilder();
    sb.append("delivery ").append(e.deliveryId()).append(' ').append(e.status().wireName());
    if (e.droneId() != null) {
      sb.append(" drone=").append(e.droneId());
    }
    if (e.leg() != null) {
      sb.append(" leg=").append(e.leg().wireName());
    }
    if (e.reason() != null) {
      sb.append(" reason=").append(e.reason());
    }
    AssignmentDecision d = e.decision();
    if (d != null) {
      sb.append(" | considered ").append(d.candidatesConsidered()).append(" drones");
      Map<String, Integer> rejected = new TreeMap<>(d.rejections());
      if (!rejected.isEmpty()) {
        sb.append(", rejected ").append(rejected);
      }
      AssignmentDecision.RankKeys c = d.chosen();
      if (c != null) {
        sb.append(
            String.format(
                Locale.ROOT,
                ", chose %s: %.3f km (bucket %d), zone rank %d, battery %.1f%%, %.0f km/h",
                c.droneId(),
                c.distanceKm(),
                c.distanceBucket(),
                c.zoneRank(),
                c.battery(),
                c.speedKmh()));
      }
      for (AssignmentDecision.RankKeys r : d.runnersUp()) {
        sb.append(
            String.format(
                Locale.ROOT,
                "; %s lost on %s (%.3f km, zone rank %d, battery %.1f%%)",
                r.droneId(),
                r.lostOn(),
                r.distanceKm(),
                r.zoneRank(),
                r.battery()));
      }
    }
    return sb.toString();
  }
}
