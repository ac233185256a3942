package dev.dronedispatch.gateway.stream;

import dev.dronedispatch.gateway.admission.AdmissionControl;
import dev.dronedispatch.gateway.admission.AdmissionState;
import dev.dronedispatch.gateway.kafka.KafkaSettings;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.events.FleetEvent;
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
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * The gateway's one reader of the topics behind /stream. A single thread assigns every partition of
 * deliveries.status, fleet.events, drones.telemetry and deliveries.requested (no consumer group),
 * warms the KPIs up from a look-back window, then fans live events out to the connected clients:
 * new orders, status and fleet events as they come, telemetry conflated per drone, KPIs
 * periodically. Emission and the hub's cursor move together under one lock, so a client registering
 * gets an exact position to replay up to. At every KPI tick it also re-evaluates admission control
 * from the backlog it folded, once it has read up to the topics' ends (before, the backlog is
 * partial).
 */
public final class EventHub implements SmartLifecycle, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventHub.class);
  private static final Duration POLL = Duration.ofMillis(100);

  /** A connected client: its live events, the hub's position and the drones' latest telemetry. */
  public record Registration(
      Flux<StreamEvent> live, StreamCursor cursor, List<StreamEvent> telemetry, Runnable close) {}

  private record Subscriber(Sinks.Many<StreamEvent> sink) {}

  private final KafkaSettings settings;
  private final Clock clock;
  private final Duration kpiInterval;
  private final Duration telemetryInterval;
  private final Duration lookback;
  private final int clientBuffer;
  private final AdmissionControl admission;
  private final KpiAggregator kpis = new KpiAggregator();
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final Map<String, StreamEvent> latestTelemetry = new LinkedHashMap<>();
  private final Set<String> dirtyTelemetry = new LinkedHashSet<>();
  private final Map<TopicPartition, Long> liveFrom = new HashMap<>();
  private final Deserializer<DeliveryStatusChanged> statusDe =
      Topics.DELIVERIES_STATUS.valueSerde().deserializer();
  private final Deserializer<FleetEvent> fleetDe = Topics.FLEET_EVENTS.valueSerde().deserializer();
  private final Deserializer<DroneTelemetry> telemetryDe =
      Topics.DRONES_TELEMETRY.valueSerde().deserializer();
  private final Deserializer<DeliveryRequested> requestedDe =
      Topics.DELIVERIES_REQUESTED.valueSerde().deserializer();

  private StreamCursor cursor = StreamCursor.empty();
  private volatile boolean running;
  private volatile boolean ready;

  /** Whether every partition was read up to its end offset at assignment (the warm-up is done). */
  private boolean caughtUp;

  /** The deliveries in progress at the last KPI tick, for GET /deliveries?status=active. */
  private volatile Set<String> activeDeliveryIds = Set.of();

  /** The failed deliveries at the last KPI tick, for GET /deliveries?status=failed. */
  private volatile List<String> failedDeliveryIds = List.of();

  private volatile KafkaConsumer<String, byte[]> consumer;
  private Thread thread;

  public EventHub(
      KafkaSettings settings,
      Clock clock,
      Duration kpiInterval,
      Duration telemetryInterval,
      Duration lookback,
      int clientBuffer,
      AdmissionControl admission) {
    this.settings = settings;
    this.clock = clock;
    this.kpiInterval = kpiInterval;
    this.telemetryInterval = telemetryInterval;
    this.lookback = lookback;
    this.clientBuffer = clientBuffer;
    this.admission = admission;
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = new Thread(this::run, "stream-hub");
    thread.setDaemon(true);
    thread.start();
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

  /** Whether the hub has its partitions and reads live. */
  public boolean ready() {
    return ready;
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

  private void run() {
    while (running) {
      try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(settings.consumer("stream-hub"))) {
        consumer = c;
        if (!running) {
          return;
        }
        assign(c);
        loop(c);
      } catch (WakeupException e) {
        if (running) {
          log.warn("stream hub woken up unexpectedly; restarting");
        }
      } catch (RuntimeException e) {
        ready = false;
        log.warn("stream hub failed, retrying in 2 s: {}", e.toString());
        sleepQuietly(Duration.ofSeconds(2));
      } finally {
        consumer = null;
      }
    }
  }

  private void assign(KafkaConsumer<String, byte[]> c) {
    List<TopicPartition> parts = new ArrayList<>();
    for (String topic :
        List.of(
            Topics.DELIVERIES_STATUS.name(),
            Topics.FLEET_EVENTS.name(),
            Topics.DRONES_TELEMETRY.name(),
            Topics.DELIVERIES_REQUESTED.name())) {
      List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(5));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " has no partitions yet");
      }
      infos.forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
    }
    c.assign(parts);
    Map<TopicPartition, Long> ends = c.endOffsets(parts, Duration.ofSeconds(5));
    Map<TopicPartition, Long> since = new HashMap<>();
    long from = clock.instant().minus(lookback).toEpochMilli();
    parts.forEach(p -> since.put(p, from));
    Map<TopicPartition, OffsetAndTimestamp> warm = c.offsetsForTimes(since, Duration.ofSeconds(5));
    for (TopicPartition p : parts) {
      OffsetAndTimestamp o = warm.get(p);
      c.seek(p, o == null ? ends.get(p) : o.offset());
    }
    caughtUp = false;
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
    ready = true;
    log.info("stream hub reading {} partitions, live from {}", parts.size(), cursor.encode());
  }

  private void loop(KafkaConsumer<String, byte[]> c) {
    Instant nextKpi = clock.instant();
    Instant nextTelemetry = clock.instant();
    while (running) {
      ConsumerRecords<String, byte[]> records = c.poll(POLL);
      for (ConsumerRecord<String, byte[]> r : records) {
        handle(r);
      }
      if (!caughtUp) {
        caughtUp = reachedLiveFrom(c);
      }
      Instant now = clock.instant();
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
  }

  private boolean reachedLiveFrom(KafkaConsumer<String, byte[]> c) {
    for (Map.Entry<TopicPartition, Long> e : liveFrom.entrySet()) {
      if (c.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void handle(ConsumerRecord<String, byte[]> r) {
    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
    boolean live = r.offset() >= liveFrom.getOrDefault(tp, 0L);
    try {
      String topic = r.topic();
      if (topic.equals(Topics.DELIVERIES_REQUESTED.name())) {
        DeliveryRequested e = requestedDe.deserialize(topic, r.value());
        if (e != null && e.id() != null) {
          kpis.onRequested(e);
          if (live) {
            emit(StreamEvent.requested(r.partition(), r.offset(), e));
          }
        }
      } else if (topic.equals(Topics.DELIVERIES_STATUS.name())) {
        DeliveryStatusChanged e = statusDe.deserialize(topic, r.value());
        if (e != null) {
          kpis.onStatus(e);
          if (live) {
            emit(new StreamEvent(EventKind.DELIVERY, r.partition(), r.offset(), e));
          }
        }
      } else if (topic.equals(Topics.FLEET_EVENTS.name())) {
        FleetEvent e = fleetDe.deserialize(topic, r.value());
        if (e != null) {
          kpis.onFleet(e);
          if (live) {
            emit(new StreamEvent(EventKind.FLEET, r.partition(), r.offset(), e));
          }
        }
      } else if (topic.equals(Topics.DRONES_TELEMETRY.name())) {
        DroneTelemetry e = telemetryDe.deserialize(topic, r.value());
        if (e != null && e.droneId() != null) {
          kpis.onTelemetry(e);
          synchronized (this) {
            latestTelemetry.put(
                e.droneId(), new StreamEvent(EventKind.TELEMETRY, r.partition(), r.offset(), e));
            if (live) {
              dirtyTelemetry.add(e.droneId());
            }
          }
        }
      }
    } catch (RuntimeException e) {
      log.warn(
          "skipping undecodable record {}-{}@{}: {}",
          r.topic(),
          r.partition(),
          r.offset(),
          e.toString());
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
    if (!running) {
      return;
    }
    running = false;
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    Thread t = thread;
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
