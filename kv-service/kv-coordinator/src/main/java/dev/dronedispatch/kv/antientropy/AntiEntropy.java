package dev.dronedispatch.kv.antientropy;

import dev.dronedispatch.kv.digest.RecordVersion;
import dev.dronedispatch.kv.digest.RingSegments;
import dev.dronedispatch.kv.replication.NodeClient;
import dev.dronedispatch.kv.replication.NodeHealth;
import dev.dronedispatch.kv.ring.HashRing;
import dev.dronedispatch.kv.ring.NodeRef;
import dev.dronedispatch.kv.wire.DigestJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Makes the replicas of every ring segment converge without waiting for reads or hints: every
 * {@code interval} and as soon as a node recovers, each live node digests its records per segment
 * ({@link DivergentSegments}); for the segments whose replicas disagree they list their versions
 * ({@link RepairPlan}), and only the copies that differ travel, as last-write-wins applies from the
 * replica with the newest. This repairs what hints cannot: a hint store lost with its coordinator,
 * hints dropped over {@code MAX_HINTS}, a node restored from an old disk.
 */
public final class AntiEntropy implements AutoCloseable {

  /** One round's findings. */
  public record Round(
      int segmentsCompared, int segmentsDivergent, int keysDivergent, long copies) {}

  private static final Logger log = LoggerFactory.getLogger(AntiEntropy.class);
  private static final int REPAIR_CONCURRENCY = 16;

  private final HashRing ring;
  private final int rf;
  private final NodeClient client;
  private final NodeHealth health;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();
  private final Counter rounds;
  private final Counter segmentsDivergent;
  private final Counter keysDivergent;
  private final Counter copiesRepaired;
  private final Timer roundTime;
  private final Disposable ticker;

  /** {@code interval} zero: no periodic rounds, only those after a node recovers. */
  public AntiEntropy(
      HashRing ring,
      int rf,
      NodeClient client,
      NodeHealth health,
      Duration interval,
      MeterRegistry registry) {
    this.ring = ring;
    this.rf = rf;
    this.client = client;
    this.health = health;
    this.rounds = Counter.builder("kv.antientropy.rounds").register(registry);
    this.segmentsDivergent =
        Counter.builder("kv.antientropy.segments.divergent")
            .description("ring segments whose replicas' digests differed")
            .register(registry);
    this.keysDivergent =
        Counter.builder("kv.antientropy.keys.divergent")
            .description("keys some replica held an older copy of, or none")
            .register(registry);
    this.copiesRepaired =
        Counter.builder("kv.antientropy.copies.repaired")
            .description("newest copies applied to replicas that lacked them")
            .register(registry);
    this.roundTime = Timer.builder("kv.antientropy.round").register(registry);
    health.onRecovery(node -> runSoon());
    ticker =
        interval.isZero()
            ? Flux.never().subscribe()
            : Flux.interval(interval, interval).onBackpressureDrop().subscribe(t -> runSoon());
  }

  /** Starts a round unless one is running; then that one is followed by another. */
  public void runSoon() {
    if (!running.compareAndSet(false, true)) {
      again.set(true);
      return;
    }
    Timer.Sample sample = Timer.start();
    round()
        .doFinally(
            s -> {
              sample.stop(roundTime);
              running.set(false);
              if (again.getAndSet(false)) {
                runSoon();
              }
            })
        .subscribe(
            r -> {
              if (r.keysDivergent() > 0) {
                log.info(
                    "anti-entropy repaired segmentsCompared={} segmentsDivergent={}"
                        + " keysDivergent={} copies={}",
                    r.segmentsCompared(),
                    r.segmentsDivergent(),
                    r.keysDivergent(),
                    r.copies());
              }
            },
            e -> log.warn("anti-entropy round stopped: {}", e.toString()));
  }

  /** One round over every segment whose replicas are all live. */
  public Mono<Round> round() {
    RingSegments segments = ring.segments();
    List<List<NodeRef>> replicas = new ArrayList<>();
    for (int s = 0; s < segments.count(); s++) {
      replicas.add(ring.preferenceListOfSegment(s, rf));
    }
    return Flux.fromIterable(ring.nodes())
        .filter(health::isUp)
        .flatMap(
            node ->
                ask(node, "/digests", DigestJson.digestRequest(segments), DigestJson::readDigests)
                    .map(d -> Map.entry(node, d)))
        .collectMap(Map.Entry::getKey, Map.Entry::getValue)
        .flatMap(
            digests -> {
              rounds.increment();
              int compared = compared(replicas, digests);
              Set<Integer> divergent =
                  DivergentSegments.of(segments.count(), replicas::get, digests);
              if (divergent.isEmpty()) {
                return Mono.just(new Round(compared, 0, 0, 0));
              }
              segmentsDivergent.increment(divergent.size());
              return repair(segments, replicas, divergent)
                  .map(r -> new Round(compared, divergent.size(), r.keys(), r.copies()));
            });
  }

  private record Repaired(int keys, long copies) {}

  private Mono<Repaired> repair(
      RingSegments segments, List<List<NodeRef>> replicas, Set<Integer> divergent) {
    Map<NodeRef, Set<Integer>> askEach = new LinkedHashMap<>();
    for (int s : divergent) {
      replicas.get(s).forEach(n -> askEach.computeIfAbsent(n, k -> new TreeSet<>()).add(s));
    }
    return Flux.fromIterable(askEach.entrySet())
        .flatMap(
            e ->
                ask(
                        e.getKey(),
                        "/digests/versions",
                        DigestJson.versionsRequest(segments, e.getValue()),
                        DigestJson::readVersions)
                    .map(v -> Map.entry(e.getKey(), v)))
        .collectMap(Map.Entry::getKey, Map.Entry::getValue)
        .flatMap(
            versions -> {
              List<Repair> repairs = plan(segments, replicas, divergent, versions);
              keysDivergent.increment(repairs.size());
              return Flux.fromIterable(repairs)
                  .flatMap(this::copy, REPAIR_CONCURRENCY)
                  .reduce(0L, Long::sum)
                  .map(copies -> new Repaired(repairs.size(), copies));
            });
  }

  /** The repairs of each divergent segment whose replicas all listed their versions. */
  private static List<Repair> plan(
      RingSegments segments,
      List<List<NodeRef>> replicas,
      Set<Integer> divergent,
      Map<NodeRef, List<RecordVersion>> versions) {
    Map<Integer, Map<NodeRef, List<RecordVersion>>> bySegment = new LinkedHashMap<>();
    for (int s : divergent) {
      if (versions.keySet().containsAll(replicas.get(s))) {
        Map<NodeRef, List<RecordVersion>> perReplica = new LinkedHashMap<>();
        replicas.get(s).forEach(n -> perReplica.put(n, new ArrayList<>()));
        bySegment.put(s, perReplica);
      }
    }
    versions.forEach(
        (node, list) -> {
          for (RecordVersion v : list) {
            Map<NodeRef, List<RecordVersion>> perReplica =
                bySegment.get(segments.segmentOf(v.key()));
            if (perReplica != null && perReplica.containsKey(node)) {
              perReplica.get(node).add(v);
            }
          }
        });
    List<Repair> out = new ArrayList<>();
    bySegment.values().forEach(perReplica -> out.addAll(RepairPlan.of(perReplica)));
    return out;
  }

  /** Reads the newest copy at its source and applies it to each target: the copies applied. */
  private Mono<Long> copy(Repair repair) {
    return client
        .get(repair.source(), repair.key())
        .flatMap(
            found ->
                found
                    .map(
                        record ->
                            Flux.fromIterable(repair.targets())
                                .flatMap(t -> client.apply(t, repair.key(), record))
                                .count()
                                .doOnNext(copiesRepaired::increment))
                    .orElse(Mono.just(0L)))
        .onErrorResume(
            e -> {
              log.debug("anti-entropy copy of key={} failed: {}", repair.key(), e.toString());
              return Mono.just(0L);
            });
  }

  private <T> Mono<T> ask(NodeRef node, String path, byte[] body, Function<JsonNode, T> read) {
    return client
        .send(node, HttpMethod.POST, path, body)
        .filter(r -> r.status() == 200)
        .map(r -> read.apply(r.body()))
        .onErrorResume(
            e -> {
              log.debug("anti-entropy: {} {} failed: {}", node.id(), path, e.toString());
              return Mono.empty();
            });
  }

  private static int compared(List<List<NodeRef>> replicas, Map<NodeRef, ?> answered) {
    return (int)
        replicas.stream().filter(r -> r.size() > 1 && answered.keySet().containsAll(r)).count();
  }

  @Override
  public void close() {
    ticker.dispose();
  }
}
