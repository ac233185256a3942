package dev.dronedispatch.ops.rerun;

import dev.dronedispatch.dispatch.config.DispatchConfig;
import dev.dronedispatch.dispatch.fleet.FleetView;
import dev.dronedispatch.dispatch.topology.DispatchServices;
import dev.dronedispatch.dispatch.topology.DispatchTopology;
import dev.dronedispatch.dispatch.topology.StateStores;
import dev.dronedispatch.kv.testkit.InMemoryKvClient;
import dev.dronedispatch.model.clock.ManualClock;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DeliveryWaiting;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.topics.Topics;
import dev.dronedispatch.model.zones.ZoneGrid;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The dispatch topology, the very graph the dispatcher runs, in a TopologyTestDriver over an
 * in-memory KV, driven by a clock the rerun moves: one task (partition 0) sees every request, its
 * wall-clock punctuators run once per ASSIGNER_TICK_MS of replayed time, and every decision is
 * stamped with the replayed time.
 */
final class OfflineDispatch implements AutoCloseable {

  private final DispatchConfig config;
  private final FleetView fleet;
  private final InMemoryKvClient kv = new InMemoryKvClient();
  private final DroneWrites watched = new DroneWrites(kv);
  private final Path stateDir;
  private final TopologyTestDriver driver;
  private final TestInputTopic<String, DeliveryRequested> requests;
  private final TestInputTopic<String, DroneTelemetry> telemetry;
  private final TestOutputTopic<String, DeliveryStatusChanged> status;
  private final TestOutputTopic<String, DeliveryWaiting> waiting;
  private final ManualClock clock;

  OfflineDispatch(DispatchConfig config, Instant start) {
    this.config = config;
    this.clock = new ManualClock(start);
    DispatchServices services =
        DispatchServices.create(
            config,
            ZoneGrid.rome(config.gridRows(), config.gridCols()),
            watched,
            new SimpleMeterRegistry(),
            clock);
    fleet = services.fleet();
    try {
      stateDir = Files.createTempDirectory("ops-rerun");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ops-rerun");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "offline:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver =
        new TopologyTestDriver(
            DispatchTopology.build(new StreamsBuilder(), services, StateStores.IN_MEMORY),
            props,
            start);
    requests = input(Topics.DELIVERIES_REQUESTED);
    telemetry = input(Topics.DRONES_TELEMETRY);
    status =
        driver.createOutputTopic(
            Topics.DELIVERIES_STATUS.name(),
            Topics.DELIVERIES_STATUS.keySerde().deserializer(),
            Topics.DELIVERIES_STATUS.valueSerde().deserializer());
    waiting =
        driver.createOutputTopic(
            Topics.DISPATCH_DECISIONS.name(),
            Topics.DISPATCH_DECISIONS.keySerde().deserializer(),
            Topics.DISPATCH_DECISIONS.valueSerde().deserializer());
  }

  private <V> TestInputTopic<String, V> input(dev.dronedispatch.model.topics.Topic<String, V> t) {
    return driver.createInputTopic(
        t.name(), t.keySerde().serializer(), t.valueSerde().serializer());
  }

  Instant now() {
    return clock.instant();
  }

  /** One ASSIGNER_TICK_MS of replayed time, or less to reach {@code until}: due punctuators run. */
  void tickToward(Instant until) {
    Duration step = Duration.between(clock.instant(), until);
    if (step.compareTo(config.assignerTick()) > 0) {
      step = config.assignerTick();
    }
    clock.advance(step);
    driver.advanceWallClockTime(step);
  }

  void telemetry(DroneTelemetry t) {
    telemetry.pipeInput(t.droneId(), t, t.ts() == null ? clock.instant() : t.ts());
  }

  /** What the gateway does: the pending document, then the request (stamped when it was made). */
  void request(DeliveryRequested r) {
    kv.put(KvKeys.delivery(r.id()), Json.mapper().valueToTree(DeliveryDocument.pending(r))).block();
    requests.pipeInput(r.id(), r, r.requestedAt() == null ? clock.instant() : r.requestedAt());
  }

  /** Writes the drone's document as given, whatever the KV held. */
  void putDrone(DroneDocument doc) {
    kv.put(KvKeys.drone(doc.id()), Json.mapper().valueToTree(doc)).block();
  }

  /**
   * A drone status change the recorded dispatcher decided: laid over its fleet view as its own
   * decisions were (until the drone's telemetry agrees), so a drone it had just woken, freed or
   * claimed is seen as it saw it.
   */
  void decided(String droneId, DroneStatus status, Instant at) {
    fleet.onDecision(droneId, status, null, at);
  }

  /** The drones the dispatcher wrote since the last call. */
  Set<String> dronesWritten() {
    return watched.drain();
  }

  List<DeliveryStatusChanged> statusEvents() {
    return status.readValuesToList();
  }

  List<DeliveryWaiting> waitingEvents() {
    return waiting.readValuesToList();
  }

  @Override
  public void close() {
    driver.close();
    try (Stream<Path> files = Files.walk(stateDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
