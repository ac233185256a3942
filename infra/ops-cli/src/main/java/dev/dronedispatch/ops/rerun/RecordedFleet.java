package dev.dronedispatch.ops.rerun;

import dev.dronedispatch.dispatch.fleet.FleetTransition;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The drones' KV documents as the recording shows them at the replay's clock: position, battery and
 * class from telemetry, status from whichever is newer of the drone's own report and the last fleet
 * event about it. Pure: the rerun writes these documents into its in-memory KV.
 */
final class RecordedFleet {

  private record Word(DroneStatus status, String delivery, Instant at) {}

  private final Map<String, DroneDocument> docs = new HashMap<>();
  private final Map<String, Word> statusWord = new HashMap<>();
  private final Map<String, FleetEvent> lastEvent = new HashMap<>();

  /** Applies a telemetry record; answers whether the drone's document changed its control state. */
  boolean apply(DroneTelemetry t) {
    Word word = statusWord.get(t.droneId());
    if (word == null || (t.ts() != null && t.ts().isAfter(word.at()))) {
      word = new Word(t.status(), t.currentDelivery(), t.ts() == null ? Instant.EPOCH : t.ts());
      statusWord.put(t.droneId(), word);
    }
    DroneDocument before = docs.get(t.droneId());
    DroneDocument doc =
        new DroneDocument(
            t.droneId(),
            t.type(),
            word.status(),
            t.battery(),
            t.pos(),
            t.speedKmh(),
            word.status() == DroneStatus.BUSY ? word.delivery() : null,
            0,
            List.of(),
            t.atCharge());
    docs.put(t.droneId(), doc);
    return before == null
        || before.status() != doc.status()
        || !java.util.Objects.equals(before.currentDelivery(), doc.currentDelivery());
  }

  /** Applies a fleet event; answers whether it changed a known drone's document. */
  boolean apply(FleetEvent e) {
    lastEvent.put(e.droneId(), e);
    Word word = statusWord.get(e.droneId());
    if (word != null && e.ts() != null && e.ts().isBefore(word.at())) {
      return false; // the drone reported since
    }
    statusWord.put(e.droneId(), new Word(e.to(), null, e.ts() == null ? Instant.EPOCH : e.ts()));
    DroneDocument doc = docs.get(e.droneId());
    if (doc == null) {
      return false;
    }
    docs.put(e.droneId(), doc.withControl(e.to(), null, 0, List.of()));
    return doc.status() != e.to();
  }

  Optional<DroneDocument> doc(String droneId) {
    return Optional.ofNullable(docs.get(droneId));
  }

  /**
   * The drone's document as the pick that claimed it saw it: the recording stamps the claim's fleet
   * event at the start of its round, before the {@code assigned} event of the delivery it claimed
   * the drone for, so at that event's instant the recording already shows the drone busy.
   */
  Optional<DroneDocument> beforeItsClaim(String droneId) {
    FleetEvent last = lastEvent.get(droneId);
    Optional<DroneDocument> doc = doc(droneId);
    if (last != null
        && last.from() == DroneStatus.IDLE
        && last.to() == DroneStatus.BUSY
        && FleetTransition.ASSIGNED.equals(last.reason())) {
      return doc.map(d -> d.withControl(DroneStatus.IDLE, null, 0, List.of()));
    }
    return doc;
  }

  Iterable<String> drones() {
    return docs.keySet();
  }
}
