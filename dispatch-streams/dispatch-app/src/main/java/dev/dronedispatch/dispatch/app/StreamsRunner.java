package dev.dronedispatch.dispatch.app;

import dev.dronedispatch.dispatch.topology.DispatchServices;
import dev.dronedispatch.dispatch.topology.DispatchTopology;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Optional;
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
 */
public final class StreamsRunner implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);

  private final StreamsSettings settings;
  private final DispatchServices services;
  private final MeterRegistry registry;
  private volatile KafkaStreams streams;
  private KafkaStreamsMetrics metrics;
  private Thread starter;

  public StreamsRunner(
      StreamsSettings settings, DispatchServices services, MeterRegistry registry) {
    this.settings = settings;
    this.services = services;
    this.registry = registry;
  }

  @Override
  public synchronized void start() {
    KafkaStreams s =
        new KafkaStreams(
            DispatchTopology.build(new StreamsBuilder(), services), settings.streamsProperties());
    s.setUncaughtExceptionHandler(
        e -> {
          log.error("stream thread failed, replacing it", e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    s.setStateListener(
        (newState, oldState) -> log.info("kafka streams {} -> {}", oldState, newState));
    metrics = new KafkaStreamsMetrics(s);
    metrics.bindTo(registry);
    streams = s;
    // start() waits for the global stores to catch up with their topics, i.e. for the broker:
    // done off the main thread so the management port serves health while Kafka is unreachable
    starter =
        new Thread(
            () -> {
              try {
                BacklogTopic.ensure(settings.bootstrapServers(), Duration.ofSeconds(2));
                s.start();
              } catch (InterruptedException e) {
                log.info("stopped while waiting for the broker");
              } catch (RuntimeException e) {
                log.warn("kafka streams did not start: {}", e.toString());
              }
            },
            "dispatch-streams-start");
    starter.setDaemon(true);
    starter.start();
    log.info(
        "dispatch topology started: application_id={} instance_id={} bootstrap={}",
        settings.applicationId(),
        settings.instanceId(),
        settings.bootstrapServers());
  }

  @Override
  public synchronized void stop() {
    KafkaStreams s = streams;
    if (s != null) {
      if (starter.isAlive()) {
        // still waiting for the broker inside start(), which holds the lock close() needs
        starter.interrupt();
        try {
          starter.join(5000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      s.close(Duration.ofSeconds(30));
      metrics.close();
      streams = null;
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
}
