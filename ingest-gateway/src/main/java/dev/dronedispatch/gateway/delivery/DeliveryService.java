package dev.dronedispatch.gateway.delivery;

import dev.dronedispatch.gateway.admission.AdmissionControl;
import dev.dronedispatch.gateway.admission.AdmissionDecision;
import dev.dronedispatch.gateway.admission.ClassAdmission;
import dev.dronedispatch.gateway.idempotency.Claim;
import dev.dronedispatch.gateway.idempotency.IdempotencyStore;
import dev.dronedispatch.gateway.kafka.DeliveryPublisher;
import dev.dronedispatch.gateway.outbox.OutboxKeys;
import dev.dronedispatch.gateway.web.ApiProblem;
import dev.dronedispatch.gateway.zones.ZonesService;
import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.ScanQuery;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.zones.ZonesConfig;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Creates, reads and lists deliveries. Creation order: outbox entry and time-index entry, then the
 * delivery document (each a CAS from absent, so a retry or take-over re-runs them harmlessly), then
 * the Kafka publish, then the outbox entry's removal and the idempotency binding's completion. A
 * 201 is answered only when the document is stored and the event acked.
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

  public DeliveryService(
      KvDocuments docs,
      IdempotencyStore idempotency,
      DeliveryPublisher publisher,
      ZonesService zones,
      AdmissionControl admission,
      String instance,
      MeterRegistry metrics) {
    this.docs = docs;
    this.idempotency = idempotency;
    this.publisher = publisher;
    this.zones = zones;
    this.admission = admission;
    this.instance = instance;
    this.metrics = metrics;
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
    Mono<Claim> claim =
        idempotencyKey.isPresent()
            ? idempotency.claim(idempotencyKey.get(), request.fingerprint())
            : Mono.just(idempotency.unkeyed());
    return claim
        .flatMap(c -> act(c, request, idempotencyKey, requestId))
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

  private Mono<CreateOutcome> act(
      Claim claim, NewDelivery request, Optional<String> key, String requestId) {
    if (claim instanceof Claim.Replay replay) {
      return replay(replay.deliveryId(), requestId);
    }
    if (claim instanceof Claim.Mismatch mismatch) {
      metrics.counter("gateway.idempotency", "outcome", "mismatch").increment();
      return Mono.error(
          ApiProblem.of(
              HttpStatus.UNPROCESSABLE_ENTITY,
              "idempotency-key-reused",
              "Idempotency-Key reused",
              "this Idempotency-Key was used with a different request body"));
    }
    if (claim instanceof Claim.InFlight) {
      metrics.counter("gateway.idempotency", "outcome", "in_flight").increment();
      return Mono.error(
          new ApiProblem(
              HttpStatus.CONFLICT,
              "idempotency-key-in-flight",
              "Request in progress",
              "a request with this Idempotency-Key is still being processed; retry shortly",
              List.of(),
              Map.of(HttpHeaders.RETRY_AFTER, "1")));
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
            return finishPublication(found.get(), owned, requestId)
                .map(published -> (CreateOutcome) new CreateOutcome.Replayed(found.get()));
          }
          return zones.current().flatMap(z -> store(owned, request, z, requestId));
        });
  }

  private Mono<CreateOutcome> store(
      Claim.Owned owned, NewDelivery request, ZonesConfig zonesConfig, String requestId) {
    String id = owned.deliveryId();
    Instant at = owned.requestedAt();
    DeliveryRequested event =
        new DeliveryRequested(
            id,
            request.origin(),
            request.destination(),
            request.weight(),
            request.weightClass(),
            zonesConfig.zoneNameOf(request.origin()).orElse(null),
            zonesConfig.zoneNameOf(request.destination()).orElse(null),
            at);
    DeliveryDocument doc = DeliveryDocument.pending(event);
    // the outbox entry must exist before the document (a stored document is always published);
    // the index entry is independent of it, so both go out together
    return Mono.when(
            docs.create(OutboxKeys.of(at, id), Map.of("id", id)),
            docs.create(KvKeys.deliveryByTime(at, id), id))
        .then(docs.create(KvKeys.delivery(id), doc))
        .flatMap(
            result -> {
              DeliveryDocument stored = doc;
              if (result instanceof CasResult.Conflict conflict && conflict.current().isPresent()) {
                stored = docs.decode(conflict.current().get(), DeliveryDocument.class);
              }
              DeliveryDocument finalDoc = stored;
              return finishPublication(stored, owned, requestId)
                  .map(published -> created(finalDoc, published, requestId));
            });
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

  /** Publishes, then clears the outbox entry and completes the key binding; answers published. */
  private Mono<Boolean> finishPublication(
      DeliveryDocument doc, Claim.Owned owned, String requestId) {
    return publisher
        .publish(doc.toRequest())
        .then(Mono.just(true))
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
        .flatMap(
            published -> {
              Mono<Void> clearOutbox =
                  published
                      ? docs.client()
                          .delete(OutboxKeys.of(doc.requestedAt(), doc.id()))
                          .then()
                          .onErrorResume(
                              e -> {
                                log.warn(
                                    "outbox entry not removed id={}; the sweeper re-publishes it",
                                    doc.id());
                                return Mono.empty();
                              })
                      : Mono.empty();
              Mono<Boolean> complete =
                  owned
                      .binding()
                      .map(
                          b ->
                              idempotency
                                  .complete(b)
                                  .onErrorResume(
                                      e -> {
                                        log.warn(
                                            "idempotency binding not completed id={}: {}",
                                            doc.id(),
                                            e.toString());
                                        return Mono.just(false);
                                      }))
                      .orElse(Mono.just(true));
              return Mono.when(clearOutbox, complete).thenReturn(published);
            });
  }

  private Mono<CreateOutcome> replay(String id, String requestId) {
    return read(id)
        .map(
            found -> {
              if (found.isEmpty()) {
                throw ApiProblem.of(
                    HttpStatus.CONFLICT,
                    "idempotency-key-orphaned",
                    "Delivery gone",
                    "the delivery bound to this Idempotency-Key no longer exists");
              }
              metrics.counter("gateway.idempotency", "outcome", "replay").increment();
              log.info("replayed delivery id={} request_id={}", id, requestId);
              return new CreateOutcome.Replayed(found.get());
            });
  }

  public Mono<Optional<DeliveryDocument>> read(String id) {
    return docs.read(KvKeys.delivery(id), DeliveryDocument.class)
        .map(v -> v.map(dev.dronedispatch.kv.client.Versioned::value));
  }

  /**
   * The newest {@code limit} deliveries: a reverse scan of the time index, one batch read of the
   * documents; entries whose document is missing (an interrupted creation) or belongs to another
   * instant are skipped, and the scan continues for a few pages to fill the answer.
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
   * flight), newest request first, at most {@code limit}; read in batches of {@link #BATCH}.
   */
  public Mono<DeliveryPage> listActive(Collection<String> ids, int limit) {
    List<String> keys = ids.stream().map(KvKeys::delivery).toList();
    return Flux.range(0, (keys.size() + BATCH - 1) / BATCH)
        .concatMap(
            i ->
                docs.client()
                    .getAll(keys.subList(i * BATCH, Math.min(keys.size(), (i + 1) * BATCH))))
        .flatMapIterable(Map::values)
        .mapNotNull(this::decodeOrNull)
        .filter(
            d -> d.status() == DeliveryStatus.ASSIGNED || d.status() == DeliveryStatus.IN_FLIGHT)
        .sort(
            Comparator.comparing(
                    DeliveryDocument::requestedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                .reversed())
        .take(limit)
        .collectList()
        .map(items -> new DeliveryPage(items.size(), items));
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
              Map<String, String> idByIndexKey = new LinkedHashMap<>();
              for (KvEntry e : entries) {
                if (e.value().isString()) {
                  idByIndexKey.put(e.key(), e.value().asString());
                }
              }
              Set<String> keys = new LinkedHashSet<>();
              idByIndexKey.values().forEach(id -> keys.add(KvKeys.delivery(id)));
              return docs.client()
                  .getAll(keys)
                  .flatMap(
                      byKey -> {
                        for (Map.Entry<String, String> e : idByIndexKey.entrySet()) {
                          KvEntry entry = byKey.get(KvKeys.delivery(e.getValue()));
                          if (entry == null || found.size() >= limit) {
                            continue;
                          }
                          DeliveryDocument d = decodeOrNull(entry);
                          if (d != null
                              && d.requestedAt() != null
                              && KvKeys.deliveryByTime(d.requestedAt(), d.id())
                                  .equals(e.getKey())) {
                            found.putIfAbsent(d.id(), d);
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

  private DeliveryDocument decodeOrNull(KvEntry entry) {
    try {
      return docs.decode(entry, DeliveryDocument.class);
    } catch (RuntimeException e) {
      log.warn("undecodable delivery document key={}: {}", entry.key(), e.toString());
      return null;
    }
  }
}
