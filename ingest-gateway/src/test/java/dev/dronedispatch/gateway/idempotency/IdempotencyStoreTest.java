package dev.dronedispatch.gateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.gateway.documents.SkippedDocuments;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.testkit.InMemoryKvClient;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.kv.KvKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class IdempotencyStoreTest {

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-01-01T10:00:00Z"));
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };
  private final KvDocuments docs = new KvDocuments(new InMemoryKvClient(), Json.mapper());
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final SkippedDocuments skipped = new SkippedDocuments(metrics);

  private IdempotencyStore store(String owner) {
    return new IdempotencyStore(
        docs,
        skipped,
        clock,
        owner,
        Duration.ofHours(24),
        Duration.ofMillis(150),
        Duration.ofSeconds(30));
  }

  @Test
  void theFirstClaimOwnsAndACompletedKeyReplaysTheSameDelivery() {
    Claim first = store("a").claim("k", "fp").block();
    assertThat(first).isInstanceOf(Claim.Owned.class);
    Claim.Owned owned = (Claim.Owned) first;
    assertThat(store("a").complete(owned.binding().orElseThrow()).block()).isTrue();

    Claim again = store("b").claim("k", "fp").block();
    assertThat(again).isEqualTo(new Claim.Replay(owned.deliveryId()));
    assertThat(store("b").claim("k", "other").block())
        .isEqualTo(new Claim.Mismatch(owned.deliveryId()));
  }

  @Test
  void aDuplicateWhileInFlightWaitsThenGetsInFlight() {
    Claim.Owned owned = (Claim.Owned) store("a").claim("k", "fp").block();
    assertThat(store("b").claim("k", "fp").block())
        .isEqualTo(new Claim.InFlight(owned.deliveryId()));
  }

  @Test
  void anAbandonedClaimIsTakenOverWithTheSameDeliveryAndInstant() {
    Claim.Owned first = (Claim.Owned) store("a").claim("k", "fp").block();
    now.set(now.get().plusSeconds(31));
    Claim second = store("b").claim("k", "fp").block();
    assertThat(second).isInstanceOf(Claim.Owned.class);
    Claim.Owned takeover = (Claim.Owned) second;
    assertThat(takeover.deliveryId()).isEqualTo(first.deliveryId());
    assertThat(takeover.requestedAt()).isEqualTo(first.requestedAt());
    assertThat(takeover.binding().orElseThrow().takenOver()).isTrue();
    // the first owner's late completion loses: its version is stale
    assertThat(store("a").complete(first.binding().orElseThrow()).block()).isFalse();
  }

  @Test
  void anExpiredKeyBindsANewDelivery() {
    Claim.Owned first = (Claim.Owned) store("a").claim("k", "fp").block();
    store("a").complete(first.binding().orElseThrow()).block();
    now.set(now.get().plus(Duration.ofHours(25)));
    Claim.Owned fresh = (Claim.Owned) store("b").claim("k", "another body").block();
    assertThat(fresh.deliveryId()).isNotEqualTo(first.deliveryId());
    assertThat(new IdempotencySweeper(docs, clock, skipped).sweepOnce().block()).isZero();
    now.set(now.get().plus(Duration.ofHours(25)));
    assertThat(new IdempotencySweeper(docs, clock, skipped).sweepOnce().block()).isEqualTo(1);
  }

  @Test
  void aDocumentThatIsNotABindingBindsNothingAndIsClaimedOver() {
    docs.client()
        .put(KvKeys.idempotency("k"), Json.mapper().readTree("{\"state\":\"completed\"}"))
        .block();
    assertThat(store("a").isBound("k").block()).isFalse();

    Claim claim = store("a").claim("k", "fp").block();

    assertThat(claim).isInstanceOf(Claim.Owned.class);
    assertThat(store("b").claim("k", "fp").block())
        .isEqualTo(new Claim.InFlight(((Claim.Owned) claim).deliveryId()));
    assertThat(
            metrics
                .counter(
                    SkippedDocuments.METER, "kind", "idempotency", "defect", "delivery_id_missing")
                .count())
        .isEqualTo(2);
  }
}
