package dev.dronedispatch.model.topics;

import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DeliveryWaiting;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.events.FleetEvent;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The topics of {@code docs/architecture.md} ("Topics"); keys are UTF-8 ids, values JSON. */
public final class Topics {

  public static final int DEFAULT_PARTITIONS = 6;

  private static final Serde<String> KEY = Serdes.String();

  /** Keyed by delivery id. Gateway → dispatch. */
  public static final Topic<String, DeliveryRequested> DELIVERIES_REQUESTED =
      new Topic<>("deliveries.requested", KEY, new JsonSerde<>(DeliveryRequested.class));

  /** Keyed by drone id. Simulator → dispatch, gateway. */
  public static final Topic<String, DroneTelemetry> DRONES_TELEMETRY =
      new Topic<>("drones.telemetry", KEY, new JsonSerde<>(DroneTelemetry.class));

  /** Keyed by delivery id. Dispatch → gateway, simulator. */
  public static final Topic<String, DeliveryStatusChanged> DELIVERIES_STATUS =
      new Topic<>("deliveries.status", KEY, new JsonSerde<>(DeliveryStatusChanged.class));

  /** Keyed by drone id. Dispatch → simulator, gateway. */
  public static final Topic<String, FleetEvent> FLEET_EVENTS =
      new Topic<>("fleet.events", KEY, new JsonSerde<>(FleetEvent.class));

  /**
   * Keyed by delivery id. Dispatch → operators ({@code ops explain}): why a delivery still waits.
   * No service consumes it, so it has no dead-letter topic.
   */
  public static final Topic<String, DeliveryWaiting> DISPATCH_DECISIONS =
      new Topic<>("dispatch.decisions", KEY, new JsonSerde<>(DeliveryWaiting.class));

  /**
   * The dispatcher's own backlog board: compacted, created and read by the dispatcher alone (not in
   * {@link #names()}); named here so that its Kafka ACL names it too.
   */
  public static final String DISPATCH_BACKLOG = "dispatch.backlog";

  /** The topics services consume; each has a dead-letter topic. */
  public static final List<Topic<String, ?>> ALL =
      List.of(DELIVERIES_REQUESTED, DRONES_TELEMETRY, DELIVERIES_STATUS, FLEET_EVENTS);

  /** Records kept for operators only. */
  public static final List<Topic<String, ?>> RECORDS = List.of(DISPATCH_DECISIONS);

  private Topics() {}

  /** Where a consumer sets aside the records of {@code topic} it cannot process. */
  public static String deadLetters(String topic) {
    return topic + ".dlq";
  }

  /** Every topic to create: the contract's topics, their dead-letter topics and the records. */
  public static List<String> names() {
    return Stream.concat(
            ALL.stream().map(Topic::name).flatMap(name -> Stream.of(name, deadLetters(name))),
            RECORDS.stream().map(Topic::name))
        .toList();
  }
}
