package dev.dronedispatch.dispatch.web;

import dev.dronedispatch.dispatch.app.StreamsRunner;
import dev.dronedispatch.dispatch.topology.ActiveDelivery;
import dev.dronedispatch.dispatch.topology.DispatchServices;
import dev.dronedispatch.dispatch.topology.DispatchTopology;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.stereotype.Service;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Interactive queries over the topology's stores. Pending deliveries are partitioned across
 * instances: the local answer covers this instance's tasks, the cluster answer adds every other
 * instance's local answer (found through Kafka Streams' metadata and {@code application.server}).
 * The fleet is whole on every instance (global store).
 */
@Service
public class DispatchQueries {

  private static final Duration REMOTE_TIMEOUT = Duration.ofSeconds(2);

  private final StreamsRunner runner;
  private final DispatchServices services;
  private final WebClient http;

  public DispatchQueries(StreamsRunner runner, DispatchServices services) {
    this.runner = runner;
    this.services = services;
    this.http = WebClient.create();
  }

  public PendingSummary localPending() {
    KafkaStreams streams = streams();
    ReadOnlyKeyValueStore<String, DeliveryRequested> pending =
        streams.store(
            StoreQueryParameters.fromNameAndType(
                DispatchTopology.PENDING_STORE, QueryableStoreTypes.keyValueStore()));
    ReadOnlyKeyValueStore<String, ActiveDelivery> active =
        streams.store(
            StoreQueryParameters.fromNameAndType(
                DispatchTopology.ACTIVE_STORE, QueryableStoreTypes.keyValueStore()));
    long count = 0;
    String oldest = null;
    try (KeyValueIterator<String, DeliveryRequested> it = pending.all()) {
      while (it.hasNext()) {
        String key = it.next().key;
        count++;
        if (oldest == null || key.compareTo(oldest) < 0) {
          oldest = key;
        }
      }
    }
    Double age = null;
    if (oldest != null) {
      long ms = Long.parseLong(oldest.substring(0, oldest.indexOf(':')));
      age = Math.max(0, Instant.now().toEpochMilli() - ms) / 1000.0;
    }
    return new PendingSummary(count, age, active.approximateNumEntries(), 1, "local");
  }

  public Mono<PendingSummary> clusterPending() {
    PendingSummary local = localPending();
    HostInfo self = streams().metadataForLocalThreads().isEmpty() ? null : selfHost();
    return Flux.fromIterable(streams().metadataForAllStreamsClients())
        .map(StreamsMetadata::hostInfo)
        .filter(h -> self == null || !h.equals(self))
        .flatMap(this::remotePending)
        .reduce(local, PendingSummary::merge)
        .map(
            p ->
                new PendingSummary(
                    p.pending(), p.oldestPendingAgeS(), p.active(), p.instances(), "cluster"));
  }

  private Mono<PendingSummary> remotePending(HostInfo host) {
    return http.get()
        .uri("http://" + host.host() + ":" + host.port() + "/dispatch/pending?scope=local")
        .retrieve()
        .bodyToMono(PendingSummary.class)
        .timeout(REMOTE_TIMEOUT)
        .onErrorResume(e -> Mono.empty());
  }

  public FleetSummary fleet() {
    Map<WeightClass, Map<DroneStatus, Integer>> counts = services.fleet().counts(Instant.now());
    Map<String, Map<String, Integer>> byClass = new LinkedHashMap<>();
    Map<String, Integer> byStatus = new LinkedHashMap<>();
    int total = 0;
    for (Map.Entry<WeightClass, Map<DroneStatus, Integer>> c : counts.entrySet()) {
      Map<String, Integer> statuses = new LinkedHashMap<>();
      for (Map.Entry<DroneStatus, Integer> s : c.getValue().entrySet()) {
        statuses.put(s.getKey().wireName(), s.getValue());
        byStatus.merge(s.getKey().wireName(), s.getValue(), Integer::sum);
        total += s.getValue();
      }
      byClass.put(c.getKey().wireName(), statuses);
    }
    return new FleetSummary(total, byStatus, byClass);
  }

  private HostInfo selfHost() {
    String server = runner.applicationServer();
    int colon = server.lastIndexOf(':');
    return new HostInfo(server.substring(0, colon), Integer.parseInt(server.substring(colon + 1)));
  }

  private KafkaStreams streams() {
    KafkaStreams s =
        runner.streams().orElseThrow(() -> new InvalidStateStoreException("not started"));
    if (!s.state().isRunningOrRebalancing()) {
      throw new InvalidStateStoreException("kafka streams is " + s.state());
    }
    return s;
  }
}
