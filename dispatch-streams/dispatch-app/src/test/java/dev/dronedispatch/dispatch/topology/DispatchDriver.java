package dev.dronedispatch.dispatch.topology;

import dev.dronedispatch.dispatch.backlog.BacklogReport;
import dev.dronedispatch.dispatch.config.DispatchConfig;
import dev.dronedispatch.kv.client.ForwardingKvClient;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.KvOpResult;
import dev.dronedispatch.kv.client.Versioned;
import dev.dronedispatch.kv.testkit.InMemoryKvClient;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DeliveryWaiting;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.events.PickupFix;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.topics.JsonSerde;
import dev.dronedispatch.model.topics.Topics;
import dev.dronedispatch.model.zones.ZoneGrid;
import dev.dronedispatch.model.zones.ZonesConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import reactor.core.publisher.Mono;

/**
 * The dispatch topology in a TopologyTestDriver with the in-memory KV fake, plus what the gateway
 * and the simulator would do around it: create delivery documents and requests, register drones and
 * send their telemetry.
 */
final class DispatchDriver implements AutoCloseable {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final ZonesConfig ZONES = ZoneGrid.rome(2, 2);

  /** Charge point of zone 0 (north-west). */
  static final GeoPoint CHARGER_0 = ZONES.zones().get(0).charge();

  final InMemoryKvClient kv = new InMemoryKvClient();
  final KvDocuments docs = new KvDocuments(kv, Json.mapper());

  /** Batched KV requests the dispatcher made. */
  final AtomicLong kvBatches = new AtomicLong();

  /** Real time each batched KV request takes, as on a loaded machine (none by default). */
  volatile Duration kvLatency = Duration.ZERO;

  final DispatchConfig config;
  final TopologyTestDriver driver;
  final DispatchServices services;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final TestInputTopic<String, DeliveryRequested> requests;
  private final TestInputTopic<String, DroneTelemetry> telemetry;
  private final TestInputTopic<String, BacklogReport> backlogBoard;
  private final TestOutputTopic<String, DeliveryStatusChanged> status;
  private final TestOutputTopic<String, FleetEvent> fleet;
  private final TestOutputTopic<String, DeliveryWaiting> waiting;
  private final AtomicLong seq = new AtomicLong();
  private volatile Instant now = T0;

  DispatchDriver(Map<String, String> env) {
    // each request is tried as it is piped in, unless a test sets a batch period
    config =
        DispatchConfig.defaults()
            .with(Map.of("AUTOSCALE_DISABLED", "1", "NEW_ARRIVALS_BATCH_MS", "0"))
            .with(env);
    services =
        DispatchServices.create(
            config,
            ZONES,
            new ForwardingKvClient(kv) {
              @Override
              public Mono<List<KvOpResult>> batch(List<KvOp> ops) {
                return Mono.defer(
                    () -> {
                      kvBatches.incrementAndGet();
                      return kvLatency.isZero()
                          ? delegate.batch(ops)
                          : delegate.batch(ops).delayElement(kvLatency);
                    });
              }
            },
            registry,
            new DriverClock());
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dispatch-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    try {
      props.put(
          StreamsConfig.STATE_DIR_CONFIG,
          Files.createTempDirectory("dispatch-ttd").toAbsolutePath().toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    driver =
        new TopologyTestDriver(DispatchTopology.build(new StreamsBuilder(), services), props, T0);
    requests =
        driver.createInputTopic(
            Topics.DELIVERIES_REQUESTED.name(),
            Topics.DELIVERIES_REQUESTED.keySerde().serializer(),
            Topics.DELIVERIES_REQUESTED.valueSerde().serializer());
    telemetry =
        driver.createInputTopic(
            Topics.DRONES_TELEMETRY.name(),
            Topics.DRONES_TELEMETRY.keySerde().serializer(),
            Topics.DRONES_TELEMETRY.valueSerde().serializer());
    backlogBoard =
        driver.createInputTopic(
            DispatchTopology.BACKLOG_TOPIC,
            Serdes.String().serializer(),
            new JsonSerde<>(BacklogReport.class).serializer());
    status =
        driver.createOutputTopic(
            Topics.DELIVERIES_STATUS.name(),
            Topics.DELIVERIES_STATUS.keySerde().deserializer(),
            Topics.DELIVERIES_STATUS.valueSerde().deserializer());
    fleet =
        driver.createOutputTopic(
            Topics.FLEET_EVENTS.name(),
            Topics.FLEET_EVENTS.keySerde().deserializer(),
            Topics.FLEET_EVENTS.valueSerde().deserializer());
    waiting =
        driver.createOutputTopic(
            Topics.DISPATCH_DECISIONS.name(),
            Topics.DISPATCH_DECISIONS.keySerde().deserializer(),
            Topics.DISPATCH_DECISIONS.valueSerde().deserializer());
  }

  DispatchDriver() {
    this(Map.of());
  }

  /** The decision clock follows the driver's mock wall clock. */
  private final class DriverClock extends java.time.Clock {
    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  // ------------------------------------------------------------------ drones

  /** Registers the drone in the KV service as {@code status} and sends its telemetry. */
  DroneDocument drone(
      String id, WeightClass type, DroneStatus status, GeoPoint pos, double battery) {
    DroneDocument doc =
        new DroneDocument(id, type, status, battery, pos, speedOf(type), null, 0, List.of(), false);
    await(docs.create(KvKeys.drone(id), doc));
    report(doc, null, false);
    return doc;
  }

  DroneDocument idle(String id, WeightClass type, GeoPoint pos, double battery) {
    return drone(id, type, DroneStatus.IDLE, pos, battery);
  }

  /** Sends telemetry of the drone as the KV holds it, at {@code pos}. */
  void moveTo(String id, GeoPoint pos, Leg leg) {
    DroneDocument doc = droneDoc(id);
    report(doc.withPhysics(pos, doc.battery(), false), leg, false);
  }

  /** Sends telemetry with the given battery and at-charge flag, at the drone's position. */
  void charge(String id, double battery, boolean atCharge) {
    DroneDocument doc = droneDoc(id);
    report(doc.withPhysics(doc.pos(), battery, atCharge), null, atCharge);
  }

  /**
   * Sends telemetry of a drone at {@code pos} that believes it flies {@code delivery} on {@code
   * leg}, whatever the KV holds: a drone that has not yet read its new mission, or has loaded the
   * parcel ({@code pickup}).
   */
  void reportMission(String id, GeoPoint pos, String delivery, Leg leg, PickupFix pickup) {
    DroneDocument d = droneDoc(id);
    send(
        new DroneTelemetry(
            id,
            d.type(),
            d.status(),
            pos,
            d.battery(),
            false,
            delivery,
            leg,
            d.speedKmh(),
            seq.incrementAndGet(),
            now,
            pickup));
  }

  private void report(DroneDocument d, Leg leg, boolean atCharge) {
    send(
        new DroneTelemetry(
            d.id(),
            d.type(),
            d.status(),
            d.pos(),
            d.battery(),
            atCharge,
            d.currentDelivery(),
            leg,
            d.speedKmh(),
            seq.incrementAndGet(),
            now));
  }

  private void send(DroneTelemetry t) {
    telemetry.pipeInput(t.droneId(), t, now);
  }

  DroneDocument droneDoc(String id) {
    return await(docs.read(KvKeys.drone(id), DroneDocument.class)).orElseThrow().value();
  }

  // ------------------------------------------------------------------ deliveries

  /** What the gateway does: create the pending document, then publish the request. */
  DeliveryRequested request(String id, GeoPoint origin, GeoPoint destination, double weight) {
    DeliveryRequested r =
        new DeliveryRequested(
            id,
            origin,
            destination,
            weight,
            WeightClass.forWeight(weight),
            ZONES.zoneNameOf(origin).orElse(null),
            ZONES.zoneNameOf(destination).orElse(null),
            now);
    await(docs.create(KvKeys.delivery(id), DeliveryDocument.pending(r)));
    requests.pipeInput(id, r, now);
    return r;
  }

  /** Another task (of another instance) shows these deliveries waiting on the backlog board. */
  void otherTaskShows(int partition, DeliveryRequested... waiting) {
    Map<WeightClass, Integer> pending = new java.util.EnumMap<>(WeightClass.class);
    for (DeliveryRequested w : waiting) {
      pending.merge(w.weightClass(), 1, Integer::sum);
    }
    backlogBoard.pipeInput(
        Integer.toString(partition),
        new BacklogReport(partition, pending, Map.of(), List.of(waiting), now),
        now);
  }

  void republish(DeliveryRequested r) {
    requests.pipeInput(r.id(), r, now);
  }

  DeliveryDocument deliveryDoc(String id) {
    return await(docs.read(KvKeys.delivery(id), DeliveryDocument.class))
        .map(Versioned::value)
        .orElseThrow();
  }

  // ------------------------------------------------------------------ time and output

  /** Advances the wall clock by one ASSIGNER_TICK_MS, running every punctuator once. */
  void tick() {
    advance(config.assignerTick());
  }

  void advance(Duration d) {
    now = now.plus(d);
    driver.advanceWallClockTime(d);
  }

  Instant now() {
    return now;
  }

  /** The dispatcher's meters. */
  SimpleMeterRegistry registry() {
    return registry;
  }

  List<DeliveryStatusChanged> statusEvents() {
    return status.readValuesToList();
  }

  List<FleetEvent> fleetEvents() {
    return fleet.readValuesToList();
  }

  List<DeliveryWaiting> waitingEvents() {
    return waiting.readValuesToList();
  }

  static double speedOf(WeightClass c) {
    switch (c) {
      case LIGHT:
        return 60;
      case MEDIUM:
        return 45;
      default:
        return 30;
    }
  }

  static <T> T await(reactor.core.publisher.Mono<T> mono) {
    return mono.block(Duration.ofSeconds(5));
  }

  @Override
  public void close() {
    driver.close();
  }
}
