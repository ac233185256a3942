package dev.dronedispatch.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.gateway.admission.AdmissionControl;
import dev.dronedispatch.gateway.admission.ClassAdmission;
import dev.dronedispatch.gateway.admission.ClassBacklog;
import dev.dronedispatch.gateway.admission.WaitEstimate;
import dev.dronedispatch.gateway.documents.SkippedDocuments;
import dev.dronedispatch.gateway.idempotency.Claim;
import dev.dronedispatch.gateway.idempotency.FreshClaim;
import dev.dronedispatch.gateway.idempotency.IdempotencyStore;
import dev.dronedispatch.gateway.kafka.DeliveryPublisher;
import dev.dronedispatch.gateway.outbox.OutboxKeys;
import dev.dronedispatch.gateway.outbox.OutboxSweeper;
import dev.dronedispatch.gateway.testing.Admissions;
import dev.dronedispatch.gateway.zones.ZonesService;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.KvOpResult;
import dev.dronedispatch.kv.client.ScanQuery;
import dev.dronedispatch.kv.testkit.InMemoryKvClient;
import dev.dronedispatch.model.clock.ManualClock;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.kv.KvKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The creation sequence against the in-memory KV and a recording publisher. */
class DeliveryServiceTest {

  /** Records what was published; fails while {@code down}. */
  static final class RecordingPublisher implements DeliveryPublisher {
    final List<DeliveryRequested> published = new ArrayList<>();
    volatile boolean down;

    @Override
    public Mono<Void> publish(DeliveryRequested event) {
      return Mono.defer(
          () -> {
            if (down) {
              return Mono.error(new IllegalStateException("broker unreachable"));
            }
            synchronized (published) {
              published.add(event);
            }
            return Mono.empty();
          });
    }
  }

  private final InMemoryKvClient kv = new InMemoryKvClient();
  private final KvDocuments docs = new KvDocuments(kv, Json.mapper());
  private final RecordingPublisher publisher = new RecordingPublisher();
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final SkippedDocuments skipped = new SkippedDocuments(metrics);
  private final ZonesService zones = new ZonesService(docs, 2, 2, skipped);
  private final NewDelivery request =
      new NewDelivery(new GeoPoint(41.95, 12.40), new GeoPoint(41.82, 12.58), 4.2);

  private final AdmissionControl admission = Admissions.byDefault(Clock.systemUTC());

  private DeliveryService service(IdempotencyStore store) {
    return new DeliveryService(
        docs, store, publisher, zones, admission, "gw-test", metrics, skipped);
  }

  private static DeliveryDocument deliveryOf(CreateOutcome o) {
    if (o instanceof CreateOutcome.Created c) {
      return c.delivery();
    }
    if (o instanceof CreateOutcome.Replayed r) {
      return r.delivery();
    }
    return ((CreateOutcome.StoredNotPublished) o).delivery();
  }

  /** Medium orders (the test request's class) have waited 700 s, nothing assigned: closed. */
  private void closeMedium() {
    admission.update(
        Instant.now(),
        List.of(
            new ClassBacklog(
                WeightClass.MEDIUM, 10, Duration.ofSeconds(700), 0, Duration.ofMinutes(2)),
            new ClassBacklog(WeightClass.LIGHT, 0, Duration.ZERO, 0, Duration.ofMinutes(2))));
  }

  private IdempotencyStore store(Clock clock, Duration takeover) {
    return new IdempotencyStore(
        docs, skipped, clock, "gw-test", Duration.ofHours(24), Duration.ofMillis(100), takeover);
  }

  @Test
  void createsStoresIndexesPublishesAndClearsTheOutbox() {
    CreateOutcome o =
        service(store(Clock.systemUTC(), Duration.ofSeconds(30)))
            .create(request, Optional.of("k1"), "r1")
            .block();
    assertThat(o).isInstanceOf(CreateOutcome.Created.class);
    String id = deliveryOf(o).id();
    assertThat(deliveryOf(o).originZone()).isEqualTo("zone 0");
    assertThat(deliveryOf(o).destinationZone()).isEqualTo("zone 3");
    assertThat(kv.get(KvKeys.delivery(id)).block()).isPresent();
    assertThat(kv.get(KvKeys.deliveryByTime(deliveryOf(o).requestedAt(), id)).block()).isPresent();
    assertThat(kv.scan(ScanQuery.prefix(OutboxKeys.PREFIX, 10)).block()).isEmpty();
    assertThat(publisher.published).extracting(DeliveryRequested::id).containsExactly(id);
  }

  @Test
  void whenPublishingFailsTheDeliveryIsStoredAndTheSweeperPublishesItLater() {
    publisher.down = true;
    CreateOutcome o =
        service(store(Clock.systemUTC(), Duration.ofSeconds(30)))
            .create(request, Optional.empty(), "r2")
            .block();
    assertThat(o).isInstanceOf(CreateOutcome.StoredNotPublished.class);
    assertThat(kv.scan(ScanQuery.prefix(OutboxKeys.PREFIX, 10)).block()).hasSize(1);

    publisher.down = false;
    OutboxSweeper sweeper = sweeper();
    assertThat(sweeper.sweepOnce().block()).isEqualTo(1);
    assertThat(publisher.published)
        .extracting(DeliveryRequested::id)
        .containsExactly(deliveryOf(o).id());
    assertThat(kv.scan(ScanQuery.prefix(OutboxKeys.PREFIX, 10)).block()).isEmpty();
    assertThat(sweeper.sweepOnce().block()).isZero();
  }

  private OutboxSweeper sweeper() {
    return new OutboxSweeper(
        docs,
        store(Clock.systemUTC(), Duration.ofSeconds(30)),
        publisher,
        Clock.systemUTC(),
        Duration.ZERO,
        "gw-sweeper",
        new SimpleMeterRegistry(),
        skipped);
  }

  @Test
  void aKeyAlreadyBoundUndoesTheBatchAndReplaysTheFirstDelivery() {
    DeliveryService s = service(store(Clock.systemUTC(), Duration.ofSeconds(30)));
    String id = deliveryOf(s.create(request, Optional.of("k-race"), "r1").block()).id();

    CreateOutcome again = s.create(request, Optional.of("k-race"), "r2").block();
    assertThat(again).isInstanceOf(CreateOutcome.Replayed.class);
    assertThat(deliveryOf(again).id()).isEqualTo(id);
    // the second batch's outbox, index and document writes were undone (tombstones)
    assertThat(kv.scan(ScanQuery.prefix(KvKeys.DELIVERIES_BY_TIME_PREFIX, 10)).block()).hasSize(1);
    assertThat(kv.scan(ScanQuery.prefix("delivery:", 10)).block()).hasSize(1);
    assertThat(kv.scan(ScanQuery.prefix(OutboxKeys.PREFIX, 10)).block()).isEmpty();
    assertThat(publisher.published).hasSize(1);
  }

  @Test
  void theSweeperFinishesACreationThatDiedAfterItsBatchAndTheKeyThenReplays() {
    IdempotencyStore store = store(Clock.systemUTC(), Duration.ofSeconds(30));
    DeliveryDocument doc = diedAfterBatch(store, "k-died", Optional.empty());

    assertThat(sweeper().sweepOnce().block()).isEqualTo(1);
    assertThat(publisher.published).extracting(DeliveryRequested::id).containsExactly(doc.id());
    assertThat(kv.scan(ScanQuery.prefix(OutboxKeys.PREFIX, 10)).block()).isEmpty();
    CreateOutcome retry = service(store).create(request, Optional.of("k-died"), "r2").block();
    assertThat(retry).isInstanceOf(CreateOutcome.Replayed.class);
    assertThat(deliveryOf(retry).id()).isEqualTo(doc.id());
    assertThat(publisher.published).hasSize(1);
  }

  @Test
  void theSweeperDiscardsACreationThatLostItsKeyAndDiedBeforeUndoingIt() {
    IdempotencyStore store = store(Clock.systemUTC(), Duration.ofSeconds(30));
    String winner =
        deliveryOf(service(store).create(request, Optional.of("k-lost"), "r1").block()).id();
    // a racing request's batch: its claim was refused, its other writes applied, then it died
    DeliveryDocument loser = diedAfterBatch(store, "k-lost", Optional.of(winner));

    assertThat(sweeper().sweepOnce().block()).isZero();
    assertThat(publisher.published).extracting(DeliveryRequested::id).containsExactly(winner);
    assertThat(kv.get(KvKeys.delivery(loser.id())).block()).isEmpty();
    assertThat(kv.get(KvKeys.deliveryByTime(loser.requestedAt(), loser.id())).block()).isEmpty();
    assertThat(kv.scan(ScanQuery.prefix(OutboxKeys.PREFIX, 10)).block()).isEmpty();
    assertThat(kv.get(KvKeys.delivery(winner)).block()).isPresent();
  }

  /**
   * Runs a creation's batch for {@code key} as a gateway would, and stops there (the process died
   * before publishing); {@code boundTo} is the delivery the key is already bound to, if any.
   */
  private DeliveryDocument diedAfterBatch(
      IdempotencyStore store, String key, Optional<String> boundTo) {
    FreshClaim fresh = store.fresh(key, request.fingerprint());
    DeliveryDocument doc =
        DeliveryDocument.pending(
            new DeliveryRequested(
                fresh.record().deliveryId(),
                request.origin(),
                request.destination(),
                request.weight(),
                WeightClass.MEDIUM,
                "zone 0",
                "zone 3",
                fresh.record().requestedAt()));
    CreationWrites writes =
        CreationWrites.of(doc, Optional.of(key), Optional.of(fresh.write()), docs::encode);
    List<KvOpResult> results = kv.batch(writes.ops()).block();
    CreationWrites.Result result =
        writes.interpret(results, e -> docs.decode(e, DeliveryDocument.class));
    assertThat(result)
        .isInstanceOf(
            boundTo.isPresent()
                ? CreationWrites.Result.KeyTaken.class
                : CreationWrites.Result.Stored.class);
    return doc;
  }

  @Test
  void aTakeOverOfAnAbandonedClaimFinishesItWithTheSameIdAndInstant() {
    // the first request claimed the key and died before storing anything
    Claim.Owned owned =
        (Claim.Owned)
            store(Clock.systemUTC(), Duration.ofSeconds(30))
                .claim("k2", request.fingerprint())
                .block();
    Clock later = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(31));
    CreateOutcome o =
        service(store(later, Duration.ofSeconds(30)))
            .create(request, Optional.of("k2"), "r3")
            .block();
    assertThat(o).isInstanceOf(CreateOutcome.Created.class);
    assertThat(deliveryOf(o).id()).isEqualTo(owned.deliveryId());
    assertThat(deliveryOf(o).requestedAt()).isEqualTo(owned.requestedAt());
  }

  @Test
  void aTakeOverOfAStoredButUnfinishedCreationPublishesAndReplaysIt() {
    Claim.Owned owned =
        (Claim.Owned)
            store(Clock.systemUTC(), Duration.ofSeconds(30))
                .claim("k3", request.fingerprint())
                .block();
    // the first request got as far as storing the document, then died
    DeliveryRequested event =
        new DeliveryRequested(
            owned.deliveryId(),
            request.origin(),
            request.destination(),
            request.weight(),
            WeightClass.MEDIUM,
            "zone 0",
            "zone 3",
            owned.requestedAt());
    docs.create(KvKeys.delivery(owned.deliveryId()), DeliveryDocument.pending(event)).block();

    Clock later = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(31));
    CreateOutcome o =
        service(store(later, Duration.ofSeconds(30)))
            .create(request, Optional.of("k3"), "r4")
            .block();
    assertThat(o).isInstanceOf(CreateOutcome.Replayed.class);
    assertThat(deliveryOf(o).id()).isEqualTo(owned.deliveryId());
    assertThat(publisher.published)
        .extracting(DeliveryRequested::id)
        .containsExactly(owned.deliveryId());
    // finished: the next request with the key is a plain replay
    CreateOutcome again =
        service(store(Clock.systemUTC(), Duration.ofSeconds(30)))
            .create(request, Optional.of("k3"), "r5")
            .block();
    assertThat(again).isInstanceOf(CreateOutcome.Replayed.class);
    assertThat(publisher.published).hasSize(1);
  }

  @Test
  void aNewOrderOfAClosedClassIsRefusedAndNothingIsStored() {
    closeMedium();
    CreateOutcome o =
        service(store(Clock.systemUTC(), Duration.ofSeconds(30)))
            .create(request, Optional.of("k-new"), "r6")
            .block();
    assertThat(o).isInstanceOf(CreateOutcome.NotAdmitted.class);
    ClassAdmission why = ((CreateOutcome.NotAdmitted) o).refusal().estimate();
    assertThat(why.weightClass()).isEqualTo(WeightClass.MEDIUM);
    assertThat(why.estimatedWaitS()).isEqualTo(700.0);
    assertThat(kv.size()).isZero();
    assertThat(publisher.published).isEmpty();
    assertThat(
            metrics
                .counter("gateway.admission.refused", "class", "medium", "reason", "oldest_pending")
                .count())
        .isEqualTo(1);
  }

  @Test
  void aRetryOfAnAcceptedKeyKeepsItsAnswerWhileAdmissionIsClosed() {
    DeliveryService s = service(store(Clock.systemUTC(), Duration.ofSeconds(30)));
    String id = deliveryOf(s.create(request, Optional.of("k-old"), "r7").block()).id();
    closeMedium();
    CreateOutcome retried = s.create(request, Optional.of("k-old"), "r8").block();
    assertThat(retried).isInstanceOf(CreateOutcome.Replayed.class);
    assertThat(deliveryOf(retried).id()).isEqualTo(id);
    // another class is still admitted, with its estimate
    CreateOutcome light =
        s.create(
                new NewDelivery(request.origin(), request.destination(), 1.0),
                Optional.empty(),
                "r9")
            .block();
    assertThat(light).isInstanceOf(CreateOutcome.Created.class);
    assertThat(((CreateOutcome.Created) light).estimate().orElseThrow().basis())
        .isEqualTo(WaitEstimate.Basis.NO_BACKLOG);
  }

  @Test
  void theActiveListingKeepsWhatTheDocumentsSayIsInProgressNewestFirst() {
    // orders a millisecond apart: the clock's resolution must not decide which one is newest
    ManualClock clock = new ManualClock(Instant.now());
    DeliveryService s = service(store(clock, Duration.ofSeconds(30)));
    List<DeliveryDocument> created = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      created.add(deliveryOf(s.create(request, Optional.empty(), "r" + i).block()));
      clock.advance(Duration.ofMillis(1));
    }
    Instant now = Instant.now();
    progress(created.get(0), d -> d.assigned("drone-1", now));
    progress(created.get(1), d -> d.assigned("drone-2", now).pickedUp(now));
    progress(created.get(2), d -> d.assigned("drone-3", now).delivered(now));
    // the hub also names a delivery still pending in the KV (it lags) and one with no document
    List<String> hubSays =
        List.of(
            created.get(0).id(),
            created.get(1).id(),
            created.get(2).id(),
            created.get(3).id(),
            "gone");

    DeliveryPage active = s.listActive(hubSays, 10).block();
    assertThat(active.items())
        .extracting(DeliveryDocument::id)
        .containsExactly(created.get(1).id(), created.get(0).id());
    assertThat(s.listActive(hubSays, 1).block().items())
        .extracting(DeliveryDocument::id)
        .containsExactly(created.get(1).id());
  }

  private void progress(DeliveryDocument d, UnaryOperator<DeliveryDocument> change) {
    kv.put(KvKeys.delivery(d.id()), docs.encode(change.apply(d))).block();
  }

  @Test
  void listingSkipsIndexEntriesWithoutADocumentAndFillsFromOlderOnes() {
    DeliveryService s = service(store(Clock.systemUTC(), Duration.ofSeconds(30)));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(deliveryOf(s.create(request, Optional.empty(), "r").block()).id());
    }
    // an interrupted creation left a newer index entry behind
    kv.put(
            KvKeys.deliveryByTime(Instant.now().plusSeconds(60), "ghost"),
            Json.mapper().valueToTree("ghost"))
        .block();
    DeliveryPage page = s.list(2).block();
    assertThat(page.count()).isEqualTo(2);
    assertThat(page.items()).extracting(d -> d.id()).doesNotContain("ghost");
    assertThat(s.list(10).block().count()).isEqualTo(3);
  }
}
