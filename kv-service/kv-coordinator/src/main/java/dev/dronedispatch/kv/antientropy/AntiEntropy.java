package dev.dronedispatch.kv.antientropy;

import dev.dronedispatch.kv.digest.RecordVersion;
import dev.dronedispatch.kv.digest.RingSegments;
import dev.dronedispatch.kv.membership.Placement;
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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
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
 * ({@link SegmentPlan}), and only the copies that differ travel, as last-write-wins applies from
 * the replica with the newest. This repairs what hints cannot: a hint store lost with its
 * coordinator, hints dropped over {@code MAX_HINTS}, a node restored from an old disk. A membership
 * change streams the moving ranges to their new homes with the same rounds ({@link #converge}),
 * while the periodic ones wait for it to finish.
 */
public final class AntiEntropy implements AutoCloseable {

  /**
   * One round's findings: of the {@code segments} with more than one home, those compared (every
   * holder answered) and those whose homes differed; the keys and copies repaired, the stray copies
   * released, and the copies or releases that failed.
   */
  public record Round(
      int segments,
      int segmentsCompared,
      int segmentsDivergent,
      int keysDivergent,
      long copies,
      long released,
      long failures) {

    /**
     * Whether every home of every segment now holds, at least, what any holder held when the round
     * listed it: all segments compared and nothing failed.
     */
    public boolean complete() {
      return segmentsCompared == segments && failures == 0;
    }
  }

  private static final Logger log = LoggerFactory.getLogger(AntiEntropy.class);
  private static final int REPAIR_CONCURRENCY = 16;

  private final Supplier<Placement> placement;
  private final int rf;
  private final NodeClient client;
  private final NodeHealth health;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();
  private final Counter rounds;
  private final Counter segmentsDivergent;
  private final Counter keysDivergent;
  private final Counter copiesRepaired;
  private final Counter copiesReleased;
  private final Timer roundTime;
  private final Disposable ticker;

  /** {@code interval} zero: no periodic rounds, only those after a node recovers. */
  public AntiEntropy(
      Supplier<Placement> placement,
      int rf,
      NodeClient client,
      NodeHealth health,
      Duration interval,
      MeterRegistry registry) {
    this.placement = placement;
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
    this.copiesReleased =
        Counter.builder("kv.antientropy.copies.released")
            .description(
                "copies outside their key's home replicas dropped once the homes held them")
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
              if (r.keysDivergent() > 0 || r.released() > 0) {
                log.info(
                    "anti-entropy repaired segmentsCompared={} segmentsDivergent={}"
                        + " keysDivergent={} copies={} released={}",
                    r.segmentsCompared(),
                    r.segmentsDivergent(),
                    r.keysDivergent(),
                    r.copies(),
                    r.released());
              }
            },
            e -> log.warn("anti-entropy round stopped: {}", e.toString()));
  }

  /**
   * One round over every segment whose replicas are all live; none while a membership change is
   * under way (its own rounds stream the data, and copies outside the homes are not stray then).
   */
  public Mono<Round> round() {
    Placement p = placement.get();
    if (p.membership().changing()) {
      return Mono.just(new Round(0, 0, 0, 0, 0, 0, 0));
    }
    return converge(p.serving(), p.nodes(), true);
  }

  /**
   * One round that makes the homes {@code ring} gives each segment hold the newest copy any of
   * {@code holders} has; with {@code release}, copies outside the homes go once the homes hold
   * them.
   */
  public Mono<Round> converge(HashRing ring, List<NodeRef> holders, boolean release) {
    RingSegments segments = ring.segments();
    List<List<NodeRef>> replicas = new ArrayList<>();
    for (int s = 0; s < segments.count(); s++) {
      replicas.add(ring.preferenceListOfSegment(s, rf));
    }
    int withCopies = (int) replicas.stream().filter(r -> r.size() > 1).count();
    return Flux.fromIterable(holders)
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
              Map<Integer, Set<NodeRef>> strays =
                  DivergentSegments.strayHolders(segments.count(), replicas::get, digests);
              segmentsDivergent.increment(divergent.size());
              Map<Integer, List<NodeRef>> examined = new TreeMap<>();
              divergent.forEach(s -> examined.put(s, replicas.get(s)));
              strays.forEach(
                  (s, strayed) -> {
                    List<NodeRef> all = new ArrayList<>(replicas.get(s));
                    all.addAll(strayed);
                    examined.put(s, all);
                  });
              if (examined.isEmpty()) {
                return Mono.just(new Round(withCopies, compared, 0, 0, 0, 0, 0));
              }
              return repair(segments, replicas, examined, release)
                  .map(
                      r ->
                          new Round(
                              withCopies,
                              compared,
                              divergent.size(),
                              r.keys(),
                              r.copies(),
                              r.released(),
                              r.failures()));
            });
  }

  private record Repaired(int keys, long copies, long released, long failures) {}

  /**
   * Lists the versions every holder keeps in the {@code examined} segments (each with its homes
   * first), then copies the newest to the homes that lack it and drops the copies outside the homes
   * that every home covers.
   */
  private Mono<Repaired> repair(
      RingSegments segments,
      List<List<NodeRef>> replicas,
      Map<Integer, List<NodeRef>> examined,
      boolean release) {
    Map<NodeRef, Set<Integer>> askEach = new LinkedHashMap<>();
    examined.forEach(
        (s, holders) ->
            holders.forEach(n -> askEach.computeIfAbsent(n, k -> new TreeSet<>()).add(s)));
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
              List<SegmentPlan> plans = plan(segments, replicas, examined, versions);
              List<Repair> repairs = plans.stream().flatMap(p -> p.repairs().stream()).toList();
              List<SegmentPlan.Release> releases =
                  release ? plans.stream().flatMap(p -> p.releases().stream()).toList() : List.of();
              keysDivergent.increment(repairs.size());
              AtomicLong failures = new AtomicLong(examined.size() - plans.size());
              Mono<Long> copies =
                  Flux.fromIterable(repairs)
                      .flatMap(r -> copy(r, failures), REPAIR_CONCURRENCY)
                      .reduce(0L, Long::sum);
              Mono<Long> released =
                  Flux.fromIterable(releases)
                      .flatMap(r -> release(r, failures), REPAIR_CONCURRENCY)
                      .reduce(0L, Long::sum);
              return Mono.zip(copies, released)
                  .map(t -> new Repaired(repairs.size(), t.getT1(), t.getT2(), failures.get()));
            });
  }

  /** The plan of each examined segment whose holders all listed their versions. */
  private static List<SegmentPlan> plan(
      RingSegments segments,
      List<List<NodeRef>> replicas,
      Map<Integer, List<NodeRef>> examined,
      Map<NodeRef, List<RecordVersion>> versions) {
    Map<Integer, Map<NodeRef, List<RecordVersion>>> bySegment = new LinkedHashMap<>();
    examined.forEach(
        (s, holders) -> {
          if (versions.keySet().containsAll(holders)) {
            Map<NodeRef, List<RecordVersion>> perHolder = new LinkedHashMap<>();
            holders.forEach(n -> perHolder.put(n, new ArrayList<>()));
            bySegment.put(s, perHolder);
          }
        });
    versions.forEach(
        (node, list) -> {
          for (RecordVersion v : list) {
            Map<NodeRef, List<RecordVersion>> perHolder =
                bySegment.get(segments.segmentOf(v.key()));
            if (perHolder != null && perHolder.containsKey(node)) {
              perHolder.get(node).add(v);
            }
          }
        });
    List<SegmentPlan> out = new ArrayList<>();
    bySegment.forEach((s, perHolder) -> out.add(SegmentPlan.of(replicas.get(s), perHolder)));
    return out;
  }

  /**
   * Drops a copy outside the key's homes, handing back the home's record: the holder keeps its copy
   * if it is newer (a write that reached it meanwhile). Answers the copies dropped.
   */
  private Mono<Long> release(SegmentPlan.Release release, AtomicLong failures) {
    return client
        .get(release.home(), release.key())
        .flatMap(
            found ->
                found
                    .map(
                        record ->
                            client
                                .release(release.holder(), release.key(), record)
                                .map(dropped -> dropped ? 1L : 0L)
                                .doOnNext(copiesReleased::increment))
                    .orElse(Mono.just(0L)))
        .onErrorResume(
            e -> {
              log.debug("anti-entropy release of key={} failed: {}", release.key(), e.toString());
              failures.incrementAndGet();
              return Mono.just(0L);
            });
  }

  /** Reads the newest copy at its source and applies it to each target: the copies applied. */
  private Mono<Long> copy(Repair repair, AtomicLong failures) {
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
              failures.incrementAndGet();
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
