package dev.dronedispatch.kv.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dronedispatch.kv.client.CasRequest;
import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.KvJson;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.KvOpResult;
import dev.dronedispatch.kv.client.LockLease;
import dev.dronedispatch.kv.client.LockResult;
import dev.dronedispatch.kv.client.ScanQuery;
import dev.dronedispatch.kv.client.UpdateOutcome;
import dev.dronedispatch.kv.client.WriteResult;
import dev.dronedispatch.kv.client.http.BlockingKvClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The KvClient contract every implementation honours: run against the real service over HTTP
 * ({@link HttpKvClientTest}) and against the in-memory fake that unit tests use ({@link
 * InMemoryKvClientContractTest}), so the fake cannot drift from the real semantics.
 */
abstract class KvClientContract {

  static final ObjectMapper M = KvJson.MAPPER;

  /** The client under test. */
  abstract KvClient client();

  BlockingKvClient kv() {
    return new BlockingKvClient(client(), Duration.ofSeconds(10));
  }

  /** How many replicas acknowledge a healthy write. */
  abstract int replicas();

  static JsonNode json(String s) {
    return M.readTree(s);
  }

  @Test
  void putGetDeleteRoundTripWithVersions() {
    WriteResult w1 = kv().put("client:a", json("{\"n\":1}"));
    assertThat(w1.written()).isEqualTo(replicas());
    assertThat(w1.rf()).isEqualTo(replicas());
    assertThat(w1.degraded()).isFalse();
    WriteResult w2 = kv().put("client:a", json("{\"n\":2}"));
    assertThat(w2.version()).isGreaterThan(w1.version());
    assertThat(w2.ts()).isGreaterThan(w1.ts());
    KvEntry e = kv().get("client:a").orElseThrow();
    assertThat(e.value()).isEqualTo(json("{\"n\":2}"));
    assertThat(e.version()).isEqualTo(w2.version());
    kv().delete("client:a");
    assertThat(kv().get("client:a")).isEmpty();
  }

  @Test
  void keysWithReservedCharactersWork() {
    String key = "idem:a/b?c#d e%f+g";
    kv().put(key, json("\"x\""));
    assertThat(kv().get(key).orElseThrow().value().asString()).isEqualTo("x");
    assertThat(kv().get("idem:a")).isEmpty();
  }

  @Test
  void casByVersionAbsentAndValue() {
    CasResult created =
        kv().compareAndSet(CasRequest.of("client:cas", Expectation.absent(), json("{\"s\":1}")));
    assertThat(created).isInstanceOf(CasResult.Applied.class);
    long v = ((CasResult.Applied) created).entry().version();
    CasResult again =
        kv().compareAndSet(CasRequest.of("client:cas", Expectation.absent(), json("{\"s\":9}")));
    assertThat(again).isInstanceOf(CasResult.Conflict.class);
    assertThat(((CasResult.Conflict) again).current().orElseThrow().version()).isEqualTo(v);
    CasResult byVersion =
        kv().compareAndSet(CasRequest.of("client:cas", Expectation.version(v), json("{\"s\":2}")));
    assertThat(byVersion.ok()).isTrue();
    CasResult stale =
        kv().compareAndSet(CasRequest.of("client:cas", Expectation.version(v), json("{\"s\":3}")));
    assertThat(stale.ok()).isFalse();
    CasResult byValue =
        kv().compareAndSet(
                CasRequest.of(
                    "client:cas", Expectation.value(json("{\"s\":2.0}")), json("{\"s\":4}")));
    assertThat(byValue.ok()).isTrue();
    assertThat(kv().get("client:cas").orElseThrow().value()).isEqualTo(json("{\"s\":4}"));
  }

  @Test
  void getAllAndScan() {
    for (int i = 0; i < 30; i++) {
      kv().put(String.format("scan:%03d", i), json(Integer.toString(i)));
    }
    kv().delete("scan:005");
    Map<String, KvEntry> all = kv().getAll(List.of("scan:001", "scan:005", "scan:029", "nope"));
    assertThat(all.keySet()).containsExactlyInAnyOrder("scan:001", "scan:029");
    List<KvEntry> page1 = kv().scan(ScanQuery.prefix("scan:", 10));
    assertThat(page1).extracting(KvEntry::key).startsWith("scan:000", "scan:001").hasSize(10);
    assertThat(page1).extracting(KvEntry::key).doesNotContain("scan:005");
    List<KvEntry> page2 = kv().scan(ScanQuery.prefix("scan:", 10).after("scan:010"));
    assertThat(page2.get(0).key()).isEqualTo("scan:011");
    List<KvEntry> rev = kv().scan(ScanQuery.prefix("scan:", 3).reversed());
    assertThat(rev).extracting(KvEntry::key).containsExactly("scan:029", "scan:028", "scan:027");
  }

  @Test
  void locksWithOwnersAndFencing() {
    LockResult a = kv().acquireLock("drone:l1", "alice", Duration.ofSeconds(10));
    assertThat(a).isInstanceOf(LockResult.Acquired.class);
    LockLease lease = ((LockResult.Acquired) a).lease();
    assertThat(kv().acquireLock("drone:l1", "bob", Duration.ofSeconds(10)))
        .isInstanceOf(LockResult.Held.class);
    Optional<LockLease> renewed = kv().renewLock(lease, Duration.ofSeconds(20));
    assertThat(renewed).isPresent();
    assertThat(renewed.get().expiresAt()).isAfter(lease.expiresAt());
    CasResult fenced =
        kv().compareAndSet(
                CasRequest.of("client:fenced", Expectation.absent(), json("1")).fencedBy(lease));
    assertThat(fenced.ok()).isTrue();
    assertThat(kv().releaseLock(lease)).isTrue();
    assertThat(kv().releaseLock(lease)).isFalse();
    LockLease bob =
        ((LockResult.Acquired) kv().acquireLock("drone:l1", "bob", Duration.ofSeconds(10))).lease();
    assertThat(bob.token()).isGreaterThan(lease.token());
    CasResult stale =
        kv().compareAndSet(
                CasRequest.of("client:fenced", Expectation.version(1), json("2")).fencedBy(lease));
    assertThat(stale).isInstanceOf(CasResult.Fenced.class);
  }

  @Test
  void concurrentReadModifyCasUpdatesAreNeverLost() {
    KvDocuments docs = new KvDocuments(client(), M);
    List<CompletableFuture<UpdateOutcome<Integer>>> updates =
        IntStream.range(0, 8)
            .mapToObj(
                i ->
                    docs.update(
                            "client:counter",
                            Integer.class,
                            current -> Optional.of(current.orElse(0) + 1),
                            50)
                        .toFuture())
            .toList();
    updates.forEach(u -> assertThat(u.join().updated()).isTrue());
    assertThat(kv().get("client:counter").orElseThrow().value().asInt()).isEqualTo(8);
  }

  @Test
  void anUpdateThatDeclinesWritesNothing() {
    KvDocuments docs = new KvDocuments(client(), M);
    kv().put("client:declined", json("5"));
    UpdateOutcome<Integer> outcome =
        docs.update("client:declined", Integer.class, current -> Optional.empty(), 3).block();
    assertThat(outcome).isInstanceOf(UpdateOutcome.Declined.class);
    assertThat(kv().get("client:declined").orElseThrow().version())
        .isEqualTo(((UpdateOutcome.Declined<Integer>) outcome).current().orElseThrow().version());
  }

  @Test
  void aBatchAnswersEachOperationInOrderInItsSingleCallsTypes() {
    WriteResult seeded = kv().put("batch:versioned", json("{\"n\":1}"));
    kv().put("batch:doomed", json("1"));
    List<KvOpResult> results =
        kv().batch(
                List.of(
                    KvOp.put("batch:put", json("{\"p\":1}")),
                    KvOp.get("batch:missing"),
                    KvOp.create("batch:created", json("\"new\"")),
                    KvOp.casAtVersion("batch:versioned", seeded.version(), json("{\"n\":2}")),
                    KvOp.delete("batch:doomed"),
                    KvOp.get("batch:versioned")));
    assertThat(results).hasSize(6);
    WriteResult put = ((KvOpResult.Written) results.get(0)).write();
    assertThat(put.written()).isEqualTo(replicas());
    assertThat(results.get(1)).isEqualTo(new KvOpResult.Read(Optional.empty()));
    KvEntry created = applied(results.get(2));
    assertThat(created.value()).isEqualTo(json("\"new\""));
    assertThat(applied(results.get(3)).version()).isGreaterThan(seeded.version());
    assertThat(results.get(4)).isInstanceOf(KvOpResult.Written.class);
    assertThat(((KvOpResult.Read) results.get(5)).entry().orElseThrow().value())
        .isEqualTo(json("{\"n\":2}"));
    assertThat(kv().get("batch:put").orElseThrow().version()).isEqualTo(put.version());
    assertThat(kv().get("batch:created").orElseThrow().version()).isEqualTo(created.version());
    assertThat(kv().get("batch:doomed")).isEmpty();
  }

  @Test
  void batchedCasConflictsAreReportedPerOperation() {
    long a = kv().put("batch:cas-a", json("1")).version();
    long b = kv().put("batch:cas-b", json("1")).version();
    kv().put("batch:cas-b", json("2"));
    kv().put("batch:existing", json("\"old\""));
    List<KvOpResult> results =
        kv().batch(
                List.of(
                    KvOp.casAtVersion("batch:cas-a", a, json("10")),
                    KvOp.casAtVersion("batch:cas-b", b, json("20")),
                    KvOp.create("batch:existing", json("\"new\""))));
    assertThat(applied(results.get(0)).value()).isEqualTo(json("10"));
    CasResult stale = ((KvOpResult.Compared) results.get(1)).cas();
    assertThat(stale).isInstanceOf(CasResult.Conflict.class);
    KvEntry current = ((CasResult.Conflict) stale).current().orElseThrow();
    assertThat(current.value()).isEqualTo(json("2"));
    assertThat(current.version()).isGreaterThan(b);
    CasResult exists = ((KvOpResult.Compared) results.get(2)).cas();
    assertThat(((CasResult.Conflict) exists).current().orElseThrow().value())
        .isEqualTo(json("\"old\""));
    assertThat(kv().get("batch:cas-b").orElseThrow().value()).isEqualTo(json("2"));
    assertThat(kv().get("batch:existing").orElseThrow().value()).isEqualTo(json("\"old\""));
  }

  @Test
  void aBatchedFencedCasWithAStaleTokenIsRefused() {
    LockLease alice =
        ((LockResult.Acquired) kv().acquireLock("batch:lock", "alice", Duration.ofSeconds(10)))
            .lease();
    assertThat(kv().releaseLock(alice)).isTrue();
    LockLease bob =
        ((LockResult.Acquired) kv().acquireLock("batch:lock", "bob", Duration.ofSeconds(10)))
            .lease();
    List<KvOpResult> results =
        kv().batch(
                List.of(
                    KvOp.cas(
                        CasRequest.of("batch:fenced-a", Expectation.absent(), json("\"alice\""))
                            .fencedBy(alice)),
                    KvOp.cas(
                        CasRequest.of("batch:fenced-b", Expectation.absent(), json("\"bob\""))
                            .fencedBy(bob))));
    assertThat(((KvOpResult.Compared) results.get(0)).cas())
        .isEqualTo(new CasResult.Fenced("batch:lock"));
    assertThat(applied(results.get(1)).value()).isEqualTo(json("\"bob\""));
    assertThat(kv().get("batch:fenced-a")).isEmpty();
  }

  @Test
  void operationsOnOneKeyRunInBatchOrder() {
    String key = "batch:ordered";
    List<KvOpResult> results =
        kv().batch(
                List.of(
                    KvOp.create(key, json("1")),
                    KvOp.cas(CasRequest.of(key, Expectation.value(json("1")), json("2"))),
                    KvOp.get(key),
                    KvOp.put("batch:other", json("0")),
                    KvOp.delete(key),
                    KvOp.get(key),
                    KvOp.create(key, json("3")),
                    KvOp.put(key, json("4")),
                    KvOp.get(key)));
    long created = applied(results.get(0)).version();
    assertThat(applied(results.get(1)).version()).isEqualTo(created + 1);
    assertThat(((KvOpResult.Read) results.get(2)).entry().orElseThrow().value())
        .isEqualTo(json("2"));
    assertThat(results.get(5)).isEqualTo(new KvOpResult.Read(Optional.empty()));
    assertThat(applied(results.get(6)).value()).isEqualTo(json("3"));
    KvEntry last = ((KvOpResult.Read) results.get(8)).entry().orElseThrow();
    assertThat(last.value()).isEqualTo(json("4"));
    assertThat(last.version()).isEqualTo(((KvOpResult.Written) results.get(7)).write().version());
  }

  @Test
  void anEmptyBatchIsRefused() {
    assertThatThrownBy(() -> kv().batch(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  private static KvEntry applied(KvOpResult result) {
    CasResult cas = ((KvOpResult.Compared) result).cas();
    assertThat(cas).isInstanceOf(CasResult.Applied.class);
    return ((CasResult.Applied) cas).entry();
  }
}
