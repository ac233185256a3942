package dev.dronedispatch.gateway.delivery;

import dev.dronedispatch.gateway.admission.AdmissionControl;
import dev.dronedispatch.gateway.admission.AdmissionDecision;
import dev.dronedispatch.gateway.admission.ClassAdmission;
import dev.dronedispatch.gateway.documents.DocumentCheck;
import dev.dronedispatch.gateway.documents.SkippedDocuments;
import dev.dronedispatch.gateway.idempotency.Claim;
import dev.dronedispatch.gateway.idempotency.FreshClaim;
import dev.dronedispatch.gateway.idempotency.IdempotencyStore;
import dev.dronedispatch.gateway.kafka.DeliveryPublisher;
import dev.dronedispatch.gateway.zones.ZonesService;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.KvOpResult;
import dev.dronedispatch.kv.client.KvUnavailableException;
import dev.dronedispatch.kv.client.ScanQuery;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.documents.DeliveryDefect;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.zones.ZonesConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Creates, reads and lists deliveries. Creation: one KV batch claims the Idempotency-Key and writes
 * the outbox entry, the time-index entry and the document ({@link CreationWrites}), then the Kafka
 * publish, then one batch removes the outbox entry and completes the key's binding. A 201 is
 * answered only when the document is stored and the event acked; whatever a crash interrupts, the
 * outbox sweeper or a take-over of the key finishes.
 */
public final class DeliveryService {

  private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);
  private static final int MAX_LIST_PAGES = 5;
  private static final int BATCH = 500;

  private final KvDocuments docs;
  private final IdempotencyStore idempotency;
  private final DeliveryPublisher publisher;
  private final ZonesService zones;
  private final AdmissionControl admission;
  private final String instance;
  private final MeterRegistry metrics;
  private final SkippedDocuments skipped;
  private final Timer storeTimer;
  private final Timer publishTimer;
  private final Counter completionFailures;

  public DeliveryService(
      KvDocuments docs,
      IdempotencyStore idempotency,
      DeliveryPublisher publisher,
      ZonesService zones,
      AdmissionControl admission,
      String instance,
      MeterRegistry metrics,
      SkippedDocuments skipped) {
    this.docs = docs;
    this.idempotency = idempotency;
    this.publisher = publisher;
    this.zones = zones;
    this.admission = admission;
    this.instance = instance;
    this.metrics = metrics;
    this.skipped = skipped;
    this.storeTimer =
        Timer.builder("gateway.create.step")
            .description("one step of POST /deliveries")
            .tag("step", "store")
            .register(metrics);
    this.publishTimer =
        Timer.builder("gateway.create.step")
            .description("one step of POST /deliveries")
            .tag("step", "publish")
            .register(metrics);
    this.completionFailures =
        Counter.builder("gateway.create.completion.failures")
            .description("creations whose outbox entry or key binding the sweeper must finish")
            .register(metrics);
  }

  /**
   * Creates the delivery unless admission control refuses its class. A refused request whose
   * Idempotency-Key is already bound goes on as usual: it retries an order that got through (or is
   * getting through) and keeps that order's answer; only new orders are refused.
   */
  public Mono<CreateOutcome> create(
      NewDelivery request, Optional<String> idempotencyKey, String requestId) {
    AdmissionDecision decision = admission.check(request.weightClass());
    if (decision instanceof AdmissionDecision.Refused refused) {
      return idempotencyKey
          .map(idempotency::isBound)
          .orElse(Mono.just(false))
          .flatMap(
              retry ->
                  retry
                      ? claimAndCreate(request, idempotencyKey, requestId, Optional.empty())
                      : Mono.just(notAdmitted(refused, requestId)));
    }
    return claimAndCreate(
        request, idempotencyKey, requestId, ((AdmissionDecision.Admitted) decision).estimate());
  }

  private Mono<CreateOutcome> claimAndCreate(
      NewDelivery request,
      Optional<String> idempotencyKey,
      String requestId,
      Optional<ClassAdmission> estimate) {
    return zones
        .current()
        .flatMap(
            z -> {
              if (idempotencyKey.isEmpty()) {
                return store(idempotency.unkeyed(), Optional.empty(), request, z, requestId);
              }
              FreshClaim fresh = idempotency.fresh(idempotencyKey.get(), request.fingerprint());
              return store(fresh.tentative(), Optional.of(fresh), request, z, requestId);
            })
        .map(
            outcome ->
                outcome instanceof CreateOutcome.Created created
                    ? new CreateOutcome.Created(created.delivery(), estimate)
                    : outcome);
  }

  private CreateOutcome notAdmitted(AdmissionDecision.Refused refused, String requestId) {
    ClassAdmission verdict = refused.estimate();
    metrics
        .counter(
            "gateway.admission.refused",
            "class",
            verdict.weightClass().wireName(),
            "reason",
            verdict.basis().wireName())
        .increment();
    log.debug(
        "refused by admission control weight_class={} estimated_wait_s={} request_id={}",
        verdict.weightClass().wireName(),
        verdict.estimatedWaitS(),
        requestId);
    return new CreateOutcome.NotAdmitted(refused);
  }

  /** What a request does when its key was bound already, once the binding was decided on. */
  private Mono<CreateOutcome> act(
      Claim claim, NewDelivery request, ZonesConfig zonesConfig, String requestId) {
    if (claim instanceof Claim.Replay replay) {
      return replay(replay.deliveryId(), requestId);
    }
    if (claim instanceof Claim.Mismatch) {
      metrics.counter("gateway.idempotency", "outcome", "mismatch").increment();
      return Mono.just(new CreateOutcome.KeyReused());
    }
    if (claim instanceof Claim.InFlight) {
      metrics.counter("gateway.idempotency", "outcome", "in_flight").increment();
      return Mono.just(new CreateOutcome.KeyInFlight());
    }
    Claim.Owned owned = (Claim.Owned) claim;
    boolean takenOver = owned.binding().map(Claim.Binding::takenOver).orElse(false);
    Mono<Optional<DeliveryDocument>> existing =
        takenOver ? read(owned.deliveryId()) : Mono.just(Optional.empty());
    return existing.flatMap(
        found -> {
          if (found.isPresent()) {
            // the abandoned first request got as far as storing it: finish its work, replay
            log.info(
                "took over abandoned creation id={} request_id={}", owned.deliveryId(), requestId);
            return finishPublication(found.get(), owned.binding(), requestId)
                .map(published -> (CreateOutcome) new CreateOutcome.Replayed(found.get()));
          }
          return store(owned, Optional.empty(), request, zonesConfig, requestId);
        });
  }

  /**
   * Stores the delivery in one KV batch, claiming {@code fresh}'s key in it when given, then
   * publishes it. A key found bound already undoes the batch's other writes and goes by the binding
   * instead ({@link #act}).
   */
  private Mono<CreateOutcome> store(
      Claim.Owned owned,
      Optional<FreshClaim> fresh,
      NewDelivery request,
      ZonesConfig zonesConfig,
      String requestId) {
    DeliveryDocument doc = DeliveryDocument.pending(requested(owned, request, zonesConfig));
    CreationWrites writes =
        CreationWrites.of(
            doc, fresh.map(FreshClaim::key), fresh.map(FreshClaim::write), docs::encode);
    Timer.Sample sample = Timer.start();
    return docs.client()
        .batch(writes.ops())
        .doOnSuccess(r -> sample.stop(storeTimer))
        .flatMap(
            results -> {
              CreationWrites.Result result =
                  writes.interpret(results, e -> docs.decode(e, DeliveryDocument.class));
              if (result instanceof CreationWrites.Result.KeyTaken taken) {
                FreshClaim refused = fresh.orElseThrow();
                return undo(taken.undo(), owned.deliveryId())
                    .then(idempotency.resolve(refused, taken.binding()))
                    .flatMap(claim -> act(claim, request, zonesConfig, requestId));
              }
              if (result instanceof CreationWrites.Result.Unavailable unavailable) {
                return Mono.error(new KvUnavailableException(unavailable.detail()));
              }
              CreationWrites.Result.Stored stored = (CreationWrites.Result.Stored) result;
              if (!stored.outboxWritten()) {
                log.warn(
                    "outbox entry not written id={} request_id={}; only this request publishes it",
                    doc.id(),
                    requestId);
              }
              Optional<Claim.Binding> binding =
                  fresh
                      .map(f -> f.ownedAt(stored.claimVersion().orElseThrow()))
                      .flatMap(Claim.Owned::binding)
                      .or(owned::binding);
              return finishPublication(stored.document(), binding, requestId)
                  .map(published -> created(stored.document(), published, requestId));
            });
  }

  private static DeliveryRequested requested(
      Claim.Owned owned, NewDelivery request, ZonesConfig zonesConfig) {
    return new DeliveryRequested(
        owned.deliveryId(),
        request.origin(),
        request.destination(),
        request.weight(),
        request.weightClass(),
        zonesConfig.zoneNameOf(request.origin()).orElse(null),
        zonesConfig.zoneNameOf(request.destination()).orElse(null),
        owned.requestedAt());
  }

  /** Removes what a creation that lost its key wrote; the sweeper does it if this fails. */
  private Mono<Void> undo(List<KvOp> undo, String id) {
    if (undo.isEmpty()) {
      return Mono.empty();
    }
    return docs.client()
        .batch(undo)
        .doOnError(e -> log.warn("undo of a lost creation failed id={}: {}", id, e.toString()))
        .onErrorComplete()
        .then();
  }

  private CreateOutcome created(DeliveryDocument doc, boolean published, String requestId) {
    if (!published) {
      return new CreateOutcome.StoredNotPublished(doc);
    }
    metrics.counter("gateway.deliveries.accepted").increment();
    log.info(
        "[gateway] NEW delivery id={} weight={} class={} instance={} request_id={} - published",
        doc.id(),
        doc.weight(),
        doc.weightClass().wireName(),
        instance,
        requestId);
    return new CreateOutcome.Created(doc, Optional.empty());
  }

  /**
   * Publishes, then (without holding up the answer) clears the outbox entry and completes the key
   * binding in one batch; answers published. The answer waits only for what it promises: the
   * document stored and the event acknowledged. If the completion is lost, the outbox sweeper
   * publishes the event again (duplicates are tolerated) and completes the binding.
   */
  private Mono<Boolean> finishPublication(
      DeliveryDocument doc, Optional<Claim.Binding> binding, String requestId) {
    Timer.Sample sample = Timer.start();
    return publisher
        .publish(doc.toRequest())
        .then(Mono.just(true))
        .doOnSuccess(p -> sample.stop(publishTimer))
        .onErrorResume(
            e -> {
              log.warn(
                  "publish failed, left to the outbox sweeper id={} request_id={}: {}",
                  doc.id(),
                  requestId,
                  e.toString());
              metrics.counter("gateway.publish.failures").increment();
              return Mono.just(false);
            })
        .doOnNext(published -> complete(doc, published, binding));
  }

  private void complete(DeliveryDocument doc, boolean published, Optional<Claim.Binding> binding) {
    List<KvOp> ops =
        CreationWrites.completion(doc, published, binding.map(idempotency::completion));
    if (ops.isEmpty()) {
      return;
    }
    docs.client()
        .batch(ops)
        .subscribe(
            results -> {
              if (results.stream().anyMatch(r -> r instanceof KvOpResult.Unavailable)) {
                completionFailures.increment();
              }
            },
            e -> {
              completionFailures.increment();
              log.warn("creation not completed id={}; the sweeper finishes it: {}", doc.id(), e);
            });
  }

  private Mono<CreateOutcome> replay(String id, String requestId) {
    return read(id)
        .map(
            found -> {
              if (found.isEmpty()) {
                return new CreateOutcome.KeyOrphaned(id);
              }
              metrics.counter("gateway.idempotency", "outcome", "replay").increment();
              log.info("replayed delivery id={} request_id={}", id, requestId);
              return new CreateOutcome.Replayed(found.get());
            });
  }

  /** The delivery; empty when absent or not a valid delivery ({@link DeliveryDefect}). */
  public Mono<Optional<DeliveryDocument>> read(String id) {
    return docs.client()
        .get(KvKeys.delivery(id))
        .map(entry -> entry.flatMap(e -> skipped.valid(DocumentCheck.DELIVERY.check(e, docs))));
  }

  /**
   * The newest {@code limit} deliveries: a reverse scan of the time index, one batch read of the
   * documents; entries whose document is missing (an interrupted creation) are skipped, as are bad
   * entries and documents ({@link DeliveryIndex}, {@link DeliveryDefect}), and the scan continues
   * for a few pages to fill the answer.
   */
  public Mono<DeliveryPage> list(int limit) {
    return page(
            new ScanQuery(KvKeys.DELIVERIES_BY_TIME_PREFIX, Optional.empty(), limit, true),
            limit,
            new LinkedHashMap<>(),
            1)
        .map(found -> new DeliveryPage(found.size(), new ArrayList<>(found.values())));
  }

  /**
   * The deliveries among {@code ids} whose documents say they are in progress (assigned or in
   * flight), newest request first, at most {@code limit}.
   */
  public Mono<DeliveryPage> listActive(Collection<String> ids, int limit) {
    return listed(
        ids, d -> d.status().isActive(), latestFirst(DeliveryDocument::requestedAt), limit);
  }

  /**
   * The deliveries among the first {@code limit} of {@code latestFirst} (failed ids, the latest
   * failure heard first) whose documents say they failed, latest {@code failed_at} first: a page of
   * the most recent failures, not a walk through every failure the hub remembers.
   */
  public Mono<DeliveryPage> listFailed(List<String> latestFirst, int limit) {
    return listed(
        latestFirst.subList(0, Math.min(limit, latestFirst.size())),
        d -> d.status() == DeliveryStatus.FAILED,
        latestFirst(DeliveryDocument::failedAt),
        limit);
  }

  /**
   * The valid documents of {@code ids} that {@code agree} (the hub's view of a status may lead or
   * lag the KV's), in {@code order}, at most {@code limit}; read in batches of {@link #BATCH}.
   */
  private Mono<DeliveryPage> listed(
      Collection<String> ids,
      Predicate<DeliveryDocument> agree,
      Comparator<DeliveryDocument> order,
      int limit) {
    List<String> keys = ids.stream().map(KvKeys::delivery).toList();
    return Flux.range(0, (keys.size() + BATCH - 1) / BATCH)
        .concatMap(
            i ->
                docs.client()
                    .getAll(keys.subList(i * BATCH, Math.min(keys.size(), (i + 1) * BATCH))))
        .flatMapIterable(Map::values)
        .mapNotNull(e -> skipped.valid(DocumentCheck.DELIVERY.check(e, docs)).orElse(null))
        .filter(agree)
        .sort(order)
        .take(limit)
        .collectList()
        .map(items -> new DeliveryPage(items.size(), items));
  }

  /** Latest instant first; documents without one last. */
  private static Comparator<DeliveryDocument> latestFirst(
      Function<DeliveryDocument, Instant> instant) {
    return Comparator.comparing(instant, Comparator.nullsLast(Comparator.reverseOrder()));
  }

  private Mono<Map<String, DeliveryDocument>> page(
      ScanQuery query, int limit, Map<String, DeliveryDocument> found, int pageNo) {
    return docs.client()
        .scan(query)
        .flatMap(
            entries -> {
              if (entries.isEmpty()) {
                return Mono.just(found);
              }
              List<DeliveryIndex.Entry> indexed = new ArrayList<>(entries.size());
              for (KvEntry e : entries) {
                skipped.valid(DeliveryIndex.parse(e)).ifPresent(indexed::add);
              }
              Set<String> keys = new LinkedHashSet<>();
              indexed.forEach(e -> keys.add(KvKeys.delivery(e.deliveryId())));
              Mono<Map<String, KvEntry>> documents =
                  keys.isEmpty() ? Mono.just(Map.of()) : docs.client().getAll(keys);
              return documents.flatMap(
                  byKey -> {
                    for (DeliveryIndex.Entry e : indexed) {
                      if (found.size() >= limit) {
                        break;
                      }
                      KvEntry document = byKey.get(KvKeys.delivery(e.deliveryId()));
                      if (document != null) {
                        skipped
                            .valid(DocumentCheck.DELIVERY.check(document, docs))
                            .flatMap(d -> skipped.valid(DeliveryIndex.indexes(e, d)))
                            .ifPresent(d -> found.putIfAbsent(d.id(), d));
                      }
                    }
                    boolean more = entries.size() == query.limit();
                    if (found.size() >= limit || !more || pageNo >= MAX_LIST_PAGES) {
                      return Mono.just(found);
                    }
                    return page(
                        query.after(entries.get(entries.size() - 1).key()),
                        limit,
                        found,
                        pageNo + 1);
                  });
            });
  }
}
