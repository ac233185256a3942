package dev.dronedispatch.model.story;

import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.AssignmentDecision;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DeliveryWaiting;
import dev.dronedispatch.model.events.DroneTelemetry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Tells a delivery's story from its records: pure, no I/O. {@code ops explain} tells it from the
 * topics, the gateway's {@code GET /deliveries/{id}/timeline} from what its event hub kept.
 */
public final class DeliveryStory {

  private DeliveryStory() {}

  /** The story as of {@code asOf} (the time spent in the last step of a delivery in progress). */
  public static Explanation of(DeliveryRecords records, Instant asOf) {
    List<Explanation.Step> steps = steps(records, asOf);
    List<Explanation.Decision> decisions =
        records.statuses().stream()
            .filter(e -> e.decision() != null)
            .map(DeliveryStory::decision)
            .toList();
    List<Explanation.Fixes> fixes =
        steps.stream()
            .filter(s -> s.droneId() != null)
            // only drones whose telemetry was read: the gateway keeps no telemetry history
            .filter(s -> records.telemetryByDrone().containsKey(s.droneId()))
            .map(s -> fixes(s, records.telemetryByDrone().get(s.droneId())))
            .toList();
    String state =
        records.statuses().isEmpty()
            ? "pending"
            : records.statuses().get(records.statuses().size() - 1).stage().wireName();
    return new Explanation(
        records.deliveryId(), state, records.request().orElse(null), steps, decisions, fixes);
  }

  private record Entered(Instant at, String step, String droneId, String detail, boolean ends) {}

  private static List<Explanation.Step> steps(DeliveryRecords records, Instant asOf) {
    List<Entered> entered = new ArrayList<>();
    requestedAt(records)
        .ifPresent(
            at -> entered.add(new Entered(at, "requested", null, requestDetail(records), false)));
    Stream.concat(
            records.waits().stream()
                .map(w -> new Entered(w.ts(), "waiting", null, waitDetail(w), false)),
            records.statuses().stream().map(DeliveryStory::entered))
        .sorted(Comparator.comparing(Entered::at)) // stable: topic order within one instant
        .forEach(entered::add);
    List<Explanation.Step> steps = new ArrayList<>();
    for (int i = 0; i < entered.size(); i++) {
      Entered e = entered.get(i);
      boolean last = i + 1 == entered.size();
      boolean ongoing = last && !e.ends();
      Instant until = !last ? entered.get(i + 1).at() : ongoing ? asOf : null;
      // Events are stamped by other processes' clocks: an asOf a little behind the last stamp
      // reads as no time yet, not as a negative one.
      Double spent =
          until == null ? null : Math.max(0, Duration.between(e.at(), until).toMillis()) / 1000.0;
      steps.add(new Explanation.Step(e.at(), e.step(), e.droneId(), e.detail(), spent, ongoing));
    }
    return steps;
  }

  private static Optional<Instant> requestedAt(DeliveryRecords records) {
    return records
        .request()
        .map(DeliveryRequested::requestedAt)
        .or(
            () ->
                records.statuses().stream()
                    .map(DeliveryStatusChanged::requestedAt)
                    .filter(Objects::nonNull)
                    .findFirst())
        .or(
            () ->
                records.waits().stream()
                    .map(DeliveryWaiting::requestedAt)
                    .filter(Objects::nonNull)
                    .findFirst());
  }

  private static String requestDetail(DeliveryRecords records) {
    return records
        .request()
        .map(
            r ->
                String.format(
                    Locale.ROOT,
                    "%s, %.1f kg, %s -> %s",
                    r.weightClass() == null ? "?" : r.weightClass().wireName(),
                    r.weight(),
                    r.originZone(),
                    r.destinationZone()))
        .orElse("(request not on deliveries.requested)");
  }

  private static String waitDetail(DeliveryWaiting w) {
    return String.format(
        Locale.ROOT,
        "%s: %s (%d looked at%s)",
        w.reason(),
        WaitReasons.describe(w.reason()),
        w.candidatesConsidered(),
        w.rejections().isEmpty() ? "" : ", rejected " + new java.util.TreeMap<>(w.rejections()));
  }

  private static Entered entered(DeliveryStatusChanged e) {
    // the stage names the step: the reason of a failure or hand-back goes into the detail
    String step = e.status() == DeliveryStatus.PENDING ? "handed_back" : e.stage().reason();
    String detail =
        switch (e.status()) {
          case FAILED -> "reason " + e.reason();
          case PENDING -> "drone " + e.droneId() + " lost before the pickup (" + e.reason() + ")";
          case ASSIGNED ->
              e.decision() == null ? "" : e.decision().candidatesConsidered() + " drones looked at";
          default -> "";
        };
    return new Entered(e.ts(), step, e.droneId(), detail, e.stage().isTerminal());
  }

  private static Explanation.Decision decision(DeliveryStatusChanged e) {
    AssignmentDecision d = e.decision();
    return new Explanation.Decision(
        e.ts(),
        e.droneId(),
        d.candidatesConsidered(),
        d.rejections(),
        d.chosen(),
        d.chosen() == null
            ? List.of()
            : d.runnersUp().stream()
                .map(r -> new Explanation.RunnerUp(r, whyLost(r, d.chosen())))
                .toList());
  }

  /** The key a runner-up lost on, with its value and the winner's. */
  static String whyLost(AssignmentDecision.RankKeys r, AssignmentDecision.RankKeys w) {
    String key = r.lostOn() == null ? "" : r.lostOn();
    return switch (key) {
      case "distance_bucket" ->
          String.format(
              Locale.ROOT,
              "farther: %.2f km (bucket %d) against %.2f km (bucket %d)",
              r.distanceKm(),
              r.distanceBucket(),
              w.distanceKm(),
              w.distanceBucket());
      case "zone" ->
          String.format(
              Locale.ROOT,
              "zone farther from the origin's: rank %d against %d",
              r.zoneRank(),
              w.zoneRank());
      case "battery" ->
          String.format(
              Locale.ROOT,
              "fuller: %.1f%% against %.1f%% (the emptier goes, the fuller is kept)",
              r.battery(),
              w.battery());
      case "speed" ->
          String.format(Locale.ROOT, "slower: %.0f against %.0f km/h", r.speedKmh(), w.speedKmh());
      case "drone_number" -> "tied on every key; the lower drone number goes first";
      default -> "ranked lower";
    };
  }

  private static Explanation.Fixes fixes(Explanation.Step step, List<DroneTelemetry> track) {
    DroneTelemetry before = null;
    DroneTelemetry after = null;
    for (DroneTelemetry t : track) {
      if (t.ts() == null) {
        continue;
      }
      if (!t.ts().isAfter(step.at())) {
        before = t;
      } else {
        after = t;
        break;
      }
    }
    return new Explanation.Fixes(step.at(), step.step(), step.droneId(), before, after);
  }
}
