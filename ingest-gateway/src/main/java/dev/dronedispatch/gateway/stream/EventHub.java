package dev.dronedispatch.gateway.stream;

import dev.dronedispatch.gateway.admission.AdmissionControl;
import dev.dronedispatch.gateway.admission.AdmissionState;
import dev.dronedispatch.gateway.timeline.DeliveryBook;
import dev.dronedispatch.kafka.listener.DeadLetterRecoverer;
import dev.dronedispatch.kafka.listener.ListenerContainers;
import dev.dronedispatch.kafka.listener.TopicPartitions;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DeliveryWaiting;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.topics.EventDecoder;
import dev.dronedispatch.model.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConsumerAwareMessageListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.support.TopicPartitionOffset;
import org.springframework.kafka.support.TopicPartitionOffset.SeekPosition;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * The gateway's one reader of the topics behind /stream. A spring-kafka listener container (one
 * thread) assigns every partition of deliveries.status, fleet.events, drones.telemetry and
 * deliveries.requested (no consumer group), warms the KPIs up from a look-back window, then fans
 * live events out to the connected clients: new orders, status and fleet events as they come,
 * telemetry conflated per drone, KPIs periodically. Emission and the hub's cursor move together
 * under one lock, so a client registering gets an exact position to replay up to. At every KPI tick
 * it also re-evaluates admission control from the backlog it folded, once it has read up to the
 * topics' ends (before, the backlog is partial). It also reads dispatch.decisions, and keeps each
 * recent delivery's records in a {@link DeliveryBook} for its timeline.
 *
 * <p>A record the hub cannot use ({@link EventDecoder}) goes to {@code <topic>.dlq} with the
 * dead-letter headers ({@link DeadLetterRecoverer}) and reading goes on; so does one whose folding
 * fails three times.
 */
public final class EventHub implements SmartLifecycle, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventHub.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration TOPIC_WAIT = Duration.ofSeconds(5);
  private static final Duration RETRY = Duration.ofSeconds(2);

  /** The topics the hub reads, every partition of each. */
  public static final List<String> TOPICS =
      List.of(
          Topics.DELIVERIES_STATUS.name(),
          Topics.FLEET_EVENTS.name(),
          Topics.DRONES_TELEMETRY.name(),
          Topics.DELIVERIES_REQUESTED.name());

  /**
   * What the hub reads: its topics and the waiting reasons on dispatch.decisions, which only feed
   * the timelines (an operators' record, with no dead-letter topic).
   */
  static final List<String> READ =
      Stream.concat(TOPICS.stream(), Stream.of(Topics.DISPATCH_DECISIONS.name())).toList();

  /** A connected client: its live events, the hub's position and the drones' latest telemetry. */
  public record Registration(
      Flux<StreamEvent> live, StreamCursor cursor, List<StreamEvent> telemetry, Runnable close) {}

  private record Subscriber(Sinks.Many<StreamEvent> sink) {}

  private final ConsumerFactory<byte[], byte[]> consumers;
  private final DeadLetterRecoverer deadLetters;
  private final Clock clock;
  private final Duration kpiInterval;
  private final Duration telemetryInterval;
  private final Duration lookback;
  private final int clientBuffer;
  private final AdmissionControl admission;
  private final DeliveryBook deliveries;
  private final KpiAggregator kpis = new KpiAggregator();
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final Map<String, StreamEvent> latestTelemetry = new LinkedHashMap<>();
  private final Set<String> dirtyTelemetry = new LinkedHashSet<>();
  private final Map<TopicPartition, Long> liveFrom = new HashMap<>();

  private StreamCursor cursor = StreamCursor.empty();
  private volatile boolean running;

  /** Whether every partition was read up to its end offset at assignment (the warm-up is done). */
  private boolean caughtUp;

  /** When the reading thread next flushes telemetry and next emits KPIs. */
  private Instant nextTelemetry = Instant.MIN;

  private Instant nextKpi = Instant.MIN;

  /** The deliveries in progress at the last KPI tick, for GET /deliveries?status=active. */
  private volatile Set<String> activeDeliveryIds = Set.of();

  /** The failed deliveries at the last KPI tick, for GET /deliveries?status=failed. */
  private volatile List<String> failedDeliveryIds = List.of();

  private KafkaMessageListenerContainer<byte[], byte[]> container;
  private Thread starter;

  /**
   * @param consumers raw-byte consumers with the gateway's settings ({@code read_committed})
   * @param deadLetters where the records the hub cannot use go
   * @param deliveries where the hub keeps each recent delivery's records
   */
  public EventHub(
      ConsumerFactory<byte[], byte[]> consumers,
      DeadLetterRecoverer deadLetters,
      Clock clock,
      Duration kpiInterval,
      Duration telemetryInterval,
      Duration lookback,
      int clientBuffer,
      AdmissionControl admission,
      DeliveryBook deliveries) {
    this.consumers = consumers;
    this.deadLetters = deadLetters;
    this.clock = clock;
    this.kpiInterval = kpiInterval;
    this.telemetryInterval = telemetryInterval;
    this.lookback = lookback;
    this.clientBuffer = clientBuffer;
    this.admission = admission;
    this.deliveries = deliveries;
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    starter = new Thread(this::startReading, "stream-hub-start");
    starter.setDaemon(true);
    starter.start();
  }

  /**
   * Stops before the web server's graceful shutdown (higher phase stops first): open SSE responses
   * complete, so the shutdown does not wait for them and clients reconnect elsewhere.
   */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public void stop() {
    close();
  }

  public Registration register() {
    Sinks.Many<StreamEvent> sink =
        Sinks.many().unicast().onBackpressureBuffer(Queues.<StreamEvent>get(clientBuffer).get());
    Subscriber s = new Subscriber(sink);
    synchronized (this) {
      subscribers.add(s);
      return new Registration(
          sink.asFlux(),
          cursor,
          new ArrayList<>(latestTelemetry.values()),
          () -> subscribers.remove(s));
    }
  }

  /** The deliveries in progress as of the last KPI tick (at most one KPI interval old). */
  public Set<String> activeDeliveryIds() {
    return activeDeliveryIds;
  }

  /** The failed deliveries as of the last KPI tick, the latest heard first. */
  public List<String> failedDeliveryIds() {
    return failedDeliveryIds;
  }

  public int clients() {
    return subscribers.size();
  }

  /**
   * Starts the container once the topics have partitions, asking again every 2 s until they do (the
   * gateway starts before Kafka answers and reports not ready meanwhile).
   */
  private void startReading() {
    while (running) {
      try {
        List<TopicPartition> partitions;
        try (Consumer<byte[], byte[]> c = consumers.createConsumer()) {
          partitions = TopicPartitions.await(c, READ, TOPIC_WAIT);
        }
        KafkaMessageListenerContainer<byte[], byte[]> reader =
            ListenerContainers.container(
                "stream-hub",
                consumers,
                // from the end offsets, which mark where live begins; the warm-up seeks back
                partitions.stream()
                    .map(p -> new TopicPartitionOffset(p.topic(), p.partition(), SeekPosition.END))
                    .toList(),
                new Reader(),
                POLL,
                deadLetters);
        // an idle reader still ticks: telemetry flushes, KPIs and admission go on without records
        reader.getContainerProperties().setIdleEventInterval(POLL.toMillis());
        synchronized (this) {
          if (running) {
            container = reader;
            reader.start();
          }
        }
        return;
      } catch (KafkaException e) {
        log.warn("stream hub cannot read the topics yet, retrying in 2 s: {}", e.toString());
        sleepQuietly(RETRY);
      }
    }
  }

  /** The container's listener: every callback runs on its one thread. */
  private final class Reader
      implements ConsumerAwareMessageListener<byte[], byte[]>, ConsumerSeekAware {

    /** Called with the end offsets, before the first record. */
    @Override
    public void onPartitionsAssigned(
        Map<TopicPartition, Long> ends, ConsumerSeekCallback callback) {
      liveFrom(ends);
      callback.seekToTimestamp(ends.keySet(), clock.instant().minus(lookback).toEpochMilli());
    }

    @Override
    public void onMessage(ConsumerRecord<byte[], byte[]> record, Consumer<?, ?> consumer) {
      handle(record);
      tick(consumer::position);
    }

    @Override
    public void onIdleContainer(
        Map<TopicPartition, Long> positions, ConsumerSeekCallback callback) {
      tick(positions::get);
    }
  }

  private void liveFrom(Map<TopicPartition, Long> ends) {
    caughtUp = false;
    nextTelemetry = clock.instant();
    nextKpi = clock.instant();
    synchronized (this) {
      liveFrom.clear();
      liveFrom.putAll(ends);
      StreamCursor start = cursor;
      for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
        EventKind kind = kindOf(e.getKey().topic());
        if (kind != null
            && kind.resumable()
            && start.next(kind, e.getKey().partition()).isEmpty()) {
          start = start.advanced(kind, e.getKey().partition(), e.getValue() - 1);
        }
      }
      cursor = start;
    }
    log.info("stream hub reading {} partitions, live from {}", ends.size(), cursor.encode());
  }

  /** Telemetry and KPIs when they are due; {@code position} is the reader's, per partition. */
  private void tick(ToLongFunction<TopicPartition> position) {
    Instant now = clock.instant();
    if (now.isBefore(nextTelemetry) && now.isBefore(nextKpi)) {
      return;
    }
    if (!caughtUp) {
      caughtUp =
          liveFrom.entrySet().stream()
              .allMatch(e -> position.applyAsLong(e.getKey()) >= e.getValue());
    }
    if (!now.isBefore(nextTelemetry)) {
      flushTelemetry();
      nextTelemetry = now.plus(telemetryInterval);
    }
    if (!now.isBefore(nextKpi)) {
      AdmissionState verdicts =
          caughtUp
              ? admission.update(now, kpis.backlog(now, admission.rateWindow()))
              : admission.warmingUp(now);
      activeDeliveryIds = kpis.activeDeliveryIds();
      failedDeliveryIds = kpis.failedDeliveryIds();
      emit(StreamEvent.kpi(kpis.snapshot(now).withAdmission(verdicts)));
      nextKpi = now.plus(kpiInterval);
    }
  }

  /**
   * Folds one record into the KPIs and sends it live once past the warm-up. A value the hub cannot
   * use throws ({@link EventDecoder}): the container sets it aside in {@code <topic>.dlq}.
   */
  private void handle(ConsumerRecord<byte[], byte[]> r) {
    if (r.topic().equals(Topics.DISPATCH_DECISIONS.name())) {
      waiting(r).ifPresent(deliveries::onWaiting);
      return;
    }
    Object event = EventDecoder.decode(r.topic(), r.value());
    if (event == null) {
      return; // a tombstone
    }
    boolean live =
        r.offset() >= liveFrom.getOrDefault(new TopicPartition(r.topic(), r.partition()), 0L);
    StreamEvent streamEvent = StreamEvent.of(r.partition(), r.offset(), event);
    if (event instanceof DroneTelemetry t) {
      kpis.onTelemetry(t);
      synchronized (this) {
        latestTelemetry.put(t.droneId(), streamEvent);
        if (live) {
          dirtyTelemetry.add(t.droneId());
        }
      }
      return;
    }
    if (event instanceof DeliveryRequested e) {
      kpis.onRequested(e);
      deliveries.onRequested(e);
    } else if (event instanceof DeliveryStatusChanged e) {
      kpis.onStatus(e);
      deliveries.onStatus(e);
    } else if (event instanceof FleetEvent e) {
      kpis.onFleet(e);
    }
    if (live) {
      emit(streamEvent);
    }
  }

  /**
   * A waiting reason, or none when the record is not one: dispatch.decisions has no dead-letter
   * topic, and a timeline without one reason is still worth telling.
   */
  private static Optional<DeliveryWaiting> waiting(ConsumerRecord<byte[], byte[]> r) {
    try {
      return Optional.ofNullable(
              Topics.DISPATCH_DECISIONS
                  .valueSerde()
                  .deserializer()
                  .deserialize(r.topic(), r.value()))
          .filter(w -> w.deliveryId() != null && w.ts() != null);
    } catch (SerializationException e) {
      log.warn("skipped a record of {} that is not a waiting reason: {}", r.topic(), e.toString());
      return Optional.empty();
    }
  }

  private void flushTelemetry() {
    List<StreamEvent> out;
    synchronized (this) {
      if (dirtyTelemetry.isEmpty()) {
        return;
      }
      out = new ArrayList<>(dirtyTelemetry.size());
      for (String drone : dirtyTelemetry) {
        out.add(latestTelemetry.get(drone));
      }
      dirtyTelemetry.clear();
    }
    out.forEach(this::emit);
  }

  private synchronized void emit(StreamEvent event) {
    if (event.kind().resumable()) {
      cursor = cursor.advanced(event.kind(), event.partition(), event.offset());
    }
    for (Subscriber s : subscribers) {
      Sinks.EmitResult result = s.sink().tryEmitNext(event);
      if (result.isFailure()) {
        // a client too slow to keep up is dropped; it reconnects with Last-Event-ID and resumes
        subscribers.remove(s);
        s.sink().tryEmitError(new IllegalStateException("client too slow, disconnected"));
      }
    }
  }

  private static EventKind kindOf(String topic) {
    for (EventKind k : EventKind.values()) {
      if (topic.equals(k.topic())) {
        return k;
      }
    }
    return null;
  }

  private static void sleepQuietly(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    KafkaMessageListenerContainer<byte[], byte[]> reader;
    synchronized (this) {
      if (!running) {
        return;
      }
      running = false;
      reader = container;
    }
    if (reader != null) {
      reader.stop(); // waits for its thread to close the consumer
    }
    Thread t = starter;
    if (t != null) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    subscribers.forEach(s -> s.sink().tryEmitComplete());
    subscribers.clear();
  }
}
