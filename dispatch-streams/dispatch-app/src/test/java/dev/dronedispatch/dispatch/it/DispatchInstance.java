package dev.dronedispatch.dispatch.it;

import dev.dronedispatch.checking.fault.CrashAfterKvCommit;
import dev.dronedispatch.checking.fault.FaultLog;
import dev.dronedispatch.dispatch.app.BacklogTopic;
import dev.dronedispatch.dispatch.config.DispatchConfig;
import dev.dronedispatch.dispatch.deadletter.DeadLetterPublisher;
import dev.dronedispatch.dispatch.deadletter.DeadLetters;
import dev.dronedispatch.dispatch.topology.DispatchServices;
import dev.dronedispatch.dispatch.topology.DispatchTopology;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.embedded.LocalKvCluster;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.zones.ZoneGrid;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * One dispatch topology instance on the real broker and the real KV service, its KV client the
 * checking kit's crash switch: armed, the instance dies right after the KV committed an assignment.
 */
final class DispatchInstance implements AutoCloseable {

  final String name;
  final FaultLog faults = new FaultLog();
  final CrashAfterKvCommit kv;
  final DispatchServices services;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final KafkaStreams streams;
  private final DeadLetterPublisher deadLetters;

  DispatchInstance(
      String name,
      String applicationId,
      String bootstrap,
      LocalKvCluster kvCluster,
      Path stateDir,
      DispatchConfig config)
      throws InterruptedException {
    this.name = name;
    this.kv =
        new CrashAfterKvCommit(
            kvCluster.newClient(), "dispatch " + name, DispatchInstance::isAssignment, faults);
    this.services = DispatchServices.create(config, ZoneGrid.rome(2, 2), kv, registry);
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.producerPrefix("transaction.timeout.ms"), 30_000);
    // a killed instance does not leave the group: its partitions move after the session timeout
    p.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 6_000);
    p.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), 1_000);
    deadLetters = new DeadLetterPublisher(bootstrap, registry);
    DeadLetters.install(p, deadLetters);
    streams = new KafkaStreams(DispatchTopology.build(new StreamsBuilder(), services), p);
    streams.setUncaughtExceptionHandler(
        e -> StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    BacklogTopic.ensure(bootstrap, java.time.Duration.ofMillis(200));
    streams.start();
  }

  /** A delivery document's CAS to {@code assigned}: the commit of an assignment. */
  private static boolean isAssignment(KvOp op) {
    return op instanceof KvOp.CompareAndSet cas
        && cas.key().startsWith(KvKeys.DELIVERY_PREFIX)
        && DeliveryStatus.ASSIGNED
            .wireName()
            .equals(cas.request().newValue().path("status").asString(""));
  }

  boolean running() {
    return streams.state() == KafkaStreams.State.RUNNING;
  }

  boolean dead() {
    KafkaStreams.State s = streams.state();
    return s == KafkaStreams.State.ERROR
        || s == KafkaStreams.State.NOT_RUNNING
        || s == KafkaStreams.State.PENDING_ERROR
        || s == KafkaStreams.State.PENDING_SHUTDOWN;
  }

  @Override
  public void close() {
    streams.close(java.time.Duration.ofSeconds(20));
    deadLetters.close();
    kv.close();
  }
}
