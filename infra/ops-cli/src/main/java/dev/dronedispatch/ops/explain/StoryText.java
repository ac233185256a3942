package dev.dronedispatch.ops.explain;

import dev.dronedispatch.model.events.AssignmentDecision;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.story.Explanation;
import java.util.Locale;
import java.util.TreeMap;

/** {@code ops explain}'s default output: the story as aligned tables. */
public final class StoryText {

  private StoryText() {}

  public static String render(Explanation e) {
    StringBuilder sb = new StringBuilder();
    sb.append("delivery ").append(e.deliveryId()).append("  state ").append(e.state()).append('\n');
    if (e.request() != null) {
      sb.append(
          String.format(
              Locale.ROOT,
              "request  %.1f kg (%s) from %s %s to %s %s%n",
              e.request().weight(),
              e.request().weightClass() == null ? "?" : e.request().weightClass().wireName(),
              e.request().originZone(),
              pos(e.request().origin()),
              e.request().destinationZone(),
              pos(e.request().destination())));
    }
    sb.append("\ntimeline\n");
    TextTable timeline = new TextTable("at", "step", "drone", "time in step", "detail");
    for (Explanation.Step s : e.timeline()) {
      timeline.row(s.at().toString(), s.step(), s.droneId(), spent(s), s.detail());
    }
    sb.append(timeline.render());
    for (Explanation.Decision d : e.decisions()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%ndecision at %s: %s, %d drones looked at, %s%n",
              d.at(),
              d.droneId(),
              d.candidatesConsidered(),
              d.rejections().isEmpty()
                  ? "none rejected"
                  : "rejected " + new TreeMap<>(d.rejections())));
      if (d.chosen() == null) {
        sb.append("(recovered from the KV: what the pick saw is not recorded)\n");
        continue;
      }
      TextTable ranks =
          new TextTable("rank", "drone", "km", "bucket", "zone rank", "battery", "km/h", "why");
      rankRow(ranks, 1, d.chosen(), "chosen");
      int rank = 2;
      for (Explanation.RunnerUp r : d.runnersUp()) {
        rankRow(ranks, rank++, r.keys(), "lost: " + r.why());
      }
      sb.append(ranks.render());
    }
    if (!e.telemetry().isEmpty()) {
      sb.append("\ntelemetry of the drone around each step\n");
      TextTable fixes =
          new TextTable(
              "step", "drone", "record", "ts", "pos", "battery", "status", "leg", "carries");
      for (Explanation.Fixes f : e.telemetry()) {
        fixRow(fixes, f, "before", f.before());
        fixRow(fixes, f, "after", f.after());
      }
      sb.append(fixes.render());
    }
    return sb.toString();
  }

  private static String spent(Explanation.Step s) {
    if (s.spentS() == null) {
      return "";
    }
    return String.format(Locale.ROOT, s.ongoing() ? "%.1f s so far" : "%.1f s", s.spentS());
  }

  private static String pos(GeoPoint p) {
    return p == null ? "?" : String.format(Locale.ROOT, "%.5f,%.5f", p.lat(), p.lon());
  }

  private static void rankRow(TextTable t, int rank, AssignmentDecision.RankKeys k, String why) {
    t.row(
        Integer.toString(rank),
        k.droneId(),
        String.format(Locale.ROOT, "%.3f", k.distanceKm()),
        Long.toString(k.distanceBucket()),
        Integer.toString(k.zoneRank()),
        String.format(Locale.ROOT, "%.1f%%", k.battery()),
        String.format(Locale.ROOT, "%.0f", k.speedKmh()),
        why);
  }

  private static void fixRow(TextTable t, Explanation.Fixes f, String which, DroneTelemetry r) {
    if (r == null) {
      t.row(f.step(), f.droneId(), which, "(none recorded)");
      return;
    }
    t.row(
        f.step(),
        f.droneId(),
        which,
        String.valueOf(r.ts()),
        pos(r.pos()),
        String.format(Locale.ROOT, "%.1f%%", r.battery()),
        r.status() == null ? "?" : r.status().wireName(),
        r.leg() == null ? "" : r.leg().wireName(),
        r.currentDelivery() == null ? "" : r.currentDelivery());
  }
}
