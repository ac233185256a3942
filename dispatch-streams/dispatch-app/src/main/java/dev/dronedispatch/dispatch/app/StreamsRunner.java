package dev.dronedispatch.dispatch.app;

import dev.dronedispatch.dispatch.deadletter.DeadLetterPublisher;
import dev.dronedispatch.dispatch.deadletter.DeadLetters;
import dev.dronedispatch.dispatch.topology.DispatchServices;
import dev.dronedispatch.dispatch.topology.DispatchTopology;
import dev.dronedispatch.model.startup.StartupProgress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Owns the {@link KafkaStreams} instance: builds the topology, binds Kafka Streams' metrics to
 * Micrometer, starts with the application context and closes (committing) with it. A stream thread
 * that dies of an unexpected exception is replaced; its open transaction is aborted, so the work is
 * redone from the last commit.
 *
 * <p>Starting waits for the broker (the backlog topic, the global stores' catch-up), so it runs off
 * the main thread and the management port serves health meanwhile. A start that fails (metadata
 * timeouts on a loaded machine, a broker still electing leaders) is retried with back-off on a
 * fresh instance, since a {@link KafkaStreams} starts only once; the attempts show in the health
 * details and in {@code dispatch.startup.retries}. A bad configuration fails in the constructor,
 * before any of this, and ends the application's start.
 */
public final class StreamsRunner implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);

  private final StreamsSettings settings;
  private final DispatchServices services;
  private final MeterRegistry registry;
  private final StartupProgress startup = new StartupProgress();
  private final Counter startupRetries;
  private volatile KafkaStreams streams;
  private volatile KafkaStreamsMetrics metrics;
  private DeadLetterPublisher deadLetters;
  private volatile boolean stopping;
  private Thread starter;

  public StreamsRunner(
      StreamsSettings settings, DispatchServices services, MeterRegistry registry) {
    this.settings = settings;
    this.services = services;
    this.registry = registry;
    this.startupRetries = registry.counter("dispatch.startup.retries");
  }

  @Override
  public synchronized void start() {
    stopping = false;
    deadLetters = new DeadLetterPublisher(settings.bootstrapServers(), registry);
    create();
    starter = new Thread(this::startRetrying, "dispatch-streams-start");
    starter.setDaemon(true);
    starter.start();
    log.info(
        "dispatch topology starting: application_id={} instance_id={} bootstrap={}",
        settings.applicationId(),
        settings.instanceId(),
        settings.bootstrapServers());
  }

  private void create() {
    Properties properties = settings.streamsProperties();
    DeadLetters.install(properties, deadLetters);
    KafkaStreams s =
        new KafkaStreams(DispatchTopology.build(new StreamsBuilder(), services), properties);
    s.setUncaughtExceptionHandler(
        e -> {
          log.error("stream thread failed, replacing it", e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    s.setStateListener(
        (newState, oldState) -> log.info("kafka streams {} -> {}", oldState, newState));
    KafkaStreamsMetrics m = new KafkaStreamsMetrics(s);
    m.bindTo(registry);
    metrics = m;
    streams = s;
  }

  private void startRetrying() {
    try {
      BacklogTopic.ensure(settings.bootstrapServers(), Duration.ofSeconds(2));
      while (!stopping) {
        try {
          streams.start();
          startup.started();
          return;
        } catch (RuntimeException e) {
          Duration wait = startup.failed(e);
          startupRetries.increment();
          log.atWarn()
              .addKeyValue("attempt", startup.failedAttempts())
              .addKeyValue("retry_in_ms", wait.toMillis())
              .log("kafka streams did not start, trying again on a new instance: {}", e.toString());
          closeStreams(Duration.ofSeconds(5));
          Thread.sleep(wait.toMillis());
          if (!stopping) {
            create();
          }
        }
      }
    } catch (InterruptedException e) {
      log.info("stopped while waiting for the broker");
    }
  }

  private void closeStreams(Duration timeout) {
    KafkaStreams s = streams;
    if (s != null) {
      s.close(timeout);
      metrics.close();
    }
  }

  @Override
  public synchronized void stop() {
    stopping = true;
    if (starter != null && starter.isAlive()) {
      // still waiting for the broker inside start(), which holds the lock close() needs
      starter.interrupt();
      try {
        starter.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeStreams(Duration.ofSeconds(30));
    streams = null;
    if (deadLetters != null) {
      deadLetters.close();
      deadLetters = null;
    }
  }

  @Override
  public boolean isRunning() {
    return streams != null;
  }

  public String applicationServer() {
    return settings.applicationServer();
  }

  public Optional<KafkaStreams> streams() {
    return Optional.ofNullable(streams);
  }

  /**
   * Whether the topology's start went through: its state passes REBALANCING while the global stores
   * are still catching up, before a start can still fail.
   */
  public boolean started() {
    return startup.isStarted() && streams != null;
  }

  /** The start's attempts and last failure, for the health endpoint. */
  public Map<String, Object> startupDetails() {
    return startup.details();
  }
}
