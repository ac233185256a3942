package dev.dronedispatch.dispatch.topology;

import dev.dronedispatch.dispatch.backlog.BacklogReport;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStage;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DeliveryWaiting;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.topics.JsonSerde;
import dev.dronedispatch.model.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The dispatch topology, built without I/O so the application and the TopologyTestDriver tests run
 * the very same graph:
 *
 * <pre>
 * drones.telemetry ──► global store "drones" ──► FleetView (+ spatial index)   (every instance)
 * dispatch.backlog ──► global store "backlog-board" ──► BacklogBoard           (every instance)
 * deliveries.requested ──► dispatch [pending-by-age, pending-ids, active-by-drone, announced-stages]
 *                           ├─► deliveries.status
 *                           ├─► dispatch.decisions (why a delivery still waits, on a change)
 *                           ├─► fleet.events
 *                           └─► backlog reports ─┬─► dispatch.backlog (key = task partition)
 *                                                └─► repartition (1 partition) ─► governor
 *                                                      [backlog-reports] ─► fleet.events
 * </pre>
 */
public final class DispatchTopology {

  public static final String FLEET_STORE = "drones";
  public static final String PENDING_STORE = "pending-by-age";
  public static final String PENDING_IDS_STORE = "pending-ids";
  public static final String ACTIVE_STORE = "active-by-drone";
  public static final String BACKLOG_STORE = "backlog-reports";

  /** How far each delivery was announced (the {@code StageLedger}). */
  public static final String ANNOUNCED_STORE = "announced-stages";

  public static final String BACKLOG_BOARD_STORE = "backlog-board";

  /**
   * The backlog board: each dispatch task's latest report, keyed by its partition, read back by
   * every instance as a global store. Compacted, created by the application itself.
   */
  public static final String BACKLOG_TOPIC = Topics.DISPATCH_BACKLOG;

  /** The one key of backlog reports: all of them go to the single governor task. */
  public static final String FLEET_KEY = "fleet";

  private DispatchTopology() {}

  public static Topology build(StreamsBuilder builder, DispatchServices services) {
    return build(builder, services, StateStores.PERSISTENT);
  }

  /** The same graph with its state kept as {@code stores} says. */
  public static Topology build(
      StreamsBuilder builder, DispatchServices services, StateStores stores) {
    var telemetry = Topics.DRONES_TELEMETRY;
    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(
                stores.keyValue(FLEET_STORE), telemetry.keySerde(), telemetry.valueSerde())
            .withLoggingDisabled(),
        telemetry.name(),
        Consumed.with(telemetry.keySerde(), telemetry.valueSerde()).withName("telemetry"),
        () -> new StoreMirror<>(FLEET_STORE, services.fleet()::onTelemetry));

    JsonSerde<BacklogReport> reportSerde = new JsonSerde<>(BacklogReport.class);
    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(
                stores.keyValue(BACKLOG_BOARD_STORE), Serdes.String(), reportSerde)
            .withLoggingDisabled(),
        BACKLOG_TOPIC,
        Consumed.with(Serdes.String(), reportSerde).withName("backlog-board"),
        () -> new StoreMirror<>(BACKLOG_BOARD_STORE, services.backlogBoard()::onReport));

    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            stores.keyValue(PENDING_STORE),
            Serdes.String(),
            new JsonSerde<>(DeliveryRequested.class)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            stores.keyValue(PENDING_IDS_STORE), Serdes.String(), Serdes.String()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            stores.keyValue(ACTIVE_STORE), Serdes.String(), new JsonSerde<>(ActiveDelivery.class)));
    builder.addStateStore(
        Stores.windowStoreBuilder(
            stores.window(ANNOUNCED_STORE, services.config().dedupRetention()),
            Serdes.String(),
            new JsonSerde<>(DeliveryStage.class)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(stores.keyValue(BACKLOG_STORE), Serdes.String(), reportSerde));

    var requested = Topics.DELIVERIES_REQUESTED;
    KStream<String, Outbound> dispatched =
        builder.stream(
                requested.name(),
                Consumed.with(requested.keySerde(), requested.valueSerde()).withName("requests"))
            .process(
                () -> new DispatchProcessor(services),
                Named.as("dispatch"),
                PENDING_STORE,
                PENDING_IDS_STORE,
                ACTIVE_STORE,
                ANNOUNCED_STORE);
    toStatus(dispatched, "dispatch");
    toFleet(dispatched, "dispatch");
    var decisions = Topics.DISPATCH_DECISIONS;
    dispatched
        .filter((k, v) -> v instanceof Outbound.Waiting, Named.as("waiting-only"))
        .<DeliveryWaiting>mapValues(v -> ((Outbound.Waiting) v).event(), Named.as("waiting-event"))
        .to(
            decisions.name(),
            Produced.with(decisions.keySerde(), decisions.valueSerde()).withName("waiting-sink"));

    KStream<String, BacklogReport> reports =
        dispatched
            .filter((k, v) -> v instanceof Outbound.Backlog, Named.as("backlog-only"))
            .mapValues(v -> ((Outbound.Backlog) v).report(), Named.as("backlog-report"));
    reports
        .selectKey((k, r) -> Integer.toString(r.partition()), Named.as("backlog-by-task"))
        .to(
            BACKLOG_TOPIC,
            Produced.with(Serdes.String(), reportSerde).withName("backlog-board-sink"));
    KStream<String, Outbound> governed =
        reports
            .repartition(
                Repartitioned.<String, BacklogReport>as("backlog")
                    .withKeySerde(Serdes.String())
                    .withValueSerde(reportSerde)
                    .withNumberOfPartitions(1))
            .process(() -> new GovernorProcessor(services), Named.as("governor"), BACKLOG_STORE);
    toFleet(governed, "governor");
    return builder.build();
  }

  private static void toStatus(KStream<String, Outbound> out, String from) {
    var topic = Topics.DELIVERIES_STATUS;
    out.filter((k, v) -> v instanceof Outbound.Status, Named.as(from + "-status-only"))
        .<DeliveryStatusChanged>mapValues(
            v -> ((Outbound.Status) v).event(), Named.as(from + "-status-event"))
        .to(
            topic.name(),
            Produced.with(topic.keySerde(), topic.valueSerde()).withName(from + "-status-sink"));
  }

  private static void toFleet(KStream<String, Outbound> out, String from) {
    var topic = Topics.FLEET_EVENTS;
    out.filter((k, v) -> v instanceof Outbound.Fleet, Named.as(from + "-fleet-only"))
        .<FleetEvent>mapValues(v -> ((Outbound.Fleet) v).event(), Named.as(from + "-fleet-event"))
        .to(
            topic.name(),
            Produced.with(topic.keySerde(), topic.valueSerde()).withName(from + "-fleet-sink"));
  }
}
