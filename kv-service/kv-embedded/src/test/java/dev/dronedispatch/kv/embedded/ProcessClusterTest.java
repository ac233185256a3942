package dev.dronedispatch.kv.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.checking.fault.FaultLog;
import dev.dronedispatch.checking.fault.Kill;
import dev.dronedispatch.checking.fault.Restart;
import dev.dronedispatch.checking.linearizability.LinearizabilityChecker;
import dev.dronedispatch.checking.linearizability.RegisterOp;
import dev.dronedispatch.kv.client.CasRequest;
import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.KvOpResult;
import dev.dronedispatch.kv.client.http.HttpKvClient;
import dev.dronedispatch.kv.client.http.KvClientSettings;
import dev.dronedispatch.kv.coordinator.CoordinatorConfig;
import dev.dronedispatch.kv.coordinator.CoordinatorServer;
import dev.dronedispatch.kv.web.Access;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;

/**
 * Faults that need real processes: storage nodes run as separate JVMs and are killed with the
 * checking kit's SIGKILL while clients keep working through an in-process coordinator; the
 * histories are judged by the kit's linearizability checker.
 */
class ProcessClusterTest {

  @TempDir Path dir;
  final List<KvProcess> nodes = new ArrayList<>();
  CoordinatorServer coordinator;
  HttpKvClient client;
  final AtomicInteger batchedCasApplied = new AtomicInteger();
  final FaultLog faults = new FaultLog();

  @BeforeEach
  void start() {
    List<String> backends = new ArrayList<>();
    Access.Bearer clientAccess = Access.Bearer.generate();
    Access.Bearer nodeAccess = Access.Bearer.generate();
    for (String id : List.of("node-a", "node-b", "node-c")) {
      KvProcess n = KvProcess.node(id, KvProcess.freePort(), dir.resolve(id), nodeAccess.token());
      nodes.add(n);
      backends.add(id + "=" + n.url());
    }
    nodes.parallelStream().forEach(KvProcess::start);
    coordinator =
        CoordinatorServer.start(
            CoordinatorConfig.local(backends, dir.resolve("coordinator"), clientAccess, nodeAccess)
                .withHintFlush(Duration.ofMillis(300)));
    Http.authorize(coordinator.url(), clientAccess.token());
    nodes.forEach(n -> Http.authorize(n.url(), nodeAccess.token()));
    client =
        HttpKvClient.create(
            coordinator.url(),
            KvClientSettings.defaults()
                .withAuthToken(clientAccess.token())
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3))
                .withRetries(0, Duration.ofMillis(10), Duration.ofMillis(10)));
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (client != null) {
      client.close();
    }
    if (coordinator != null) {
      coordinator.close();
    }
    for (KvProcess n : nodes) {
      n.close();
    }
  }

  KvProcess byUrl(String url) {
    return nodes.stream().filter(n -> n.url().equals(url)).findFirst().orElseThrow();
  }

  String primaryOf(String key) {
    return Http.get(coordinator.url() + "/kv/" + Http.enc(key) + "/replicas")
        .body()
        .path("preference_list")
        .get(0)
        .asString();
  }

  @Test
  void killMinus9DuringWritesLosesNoAcknowledgedWrite() throws Exception {
    int total = 5_000;
    Map<String, Integer> acked = new ConcurrentHashMap<>();
    AtomicInteger ackCount = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    KvProcess victim = nodes.get(1);
    CountDownLatch killed = new CountDownLatch(1);
    Thread killer =
        new Thread(
            () -> {
              Http.eventually(Duration.ofSeconds(60), () -> ackCount.get() >= 1_500);
              try {
                new Kill().inject(victim, faults);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              killed.countDown();
            });
    killer.start();
    Flux.range(0, total)
        .flatMap(
            i ->
                client
                    .put("kill:" + (i % 2_000), IntNode.valueOf(i))
                    .doOnNext(
                        w -> {
                          acked.merge("kill:" + (i % 2_000), i, Math::max);
                          ackCount.incrementAndGet();
                        })
                    .onErrorResume(
                        e -> {
                          failed.incrementAndGet();
                          return reactor.core.publisher.Mono.empty();
                        }),
            32)
        .blockLast(Duration.ofMinutes(3));
    assertThat(killed.await(10, TimeUnit.SECONDS)).isTrue();
    // writes in flight to the victim may fail (unknown outcome); most must be acknowledged
    assertThat(ackCount.get()).isGreaterThan(total * 3 / 4);
    new Restart().inject(victim, faults);
    // the returning node gets its hints; then every acknowledged write is readable, newest value
    assertThat(
            Http.eventually(
                Duration.ofSeconds(30),
                () ->
                    coordinator.hints().count() == 0
                        && coordinator.coordinator().health().healthyCount() == 3))
        .isTrue();
    Map<String, KvEntry> all = client.getAll(acked.keySet()).block(Duration.ofSeconds(30));
    for (Map.Entry<String, Integer> e : acked.entrySet()) {
      assertThat(all.get(e.getKey())).as(e.getKey()).isNotNull();
      assertThat(all.get(e.getKey()).value().asInt()).as(e.getKey()).isEqualTo(e.getValue());
    }
    // and the killed node itself holds every key of which it is a replica, on disk
    int checked = 0;
    for (Map.Entry<String, Integer> e : acked.entrySet()) {
      JsonNode r = Http.get(coordinator.url() + "/kv/" + Http.enc(e.getKey()) + "/replicas").body();
      boolean replica = false;
      for (JsonNode u : r.path("preference_list")) {
        replica |= u.asString().equals(victim.url());
      }
      if (replica && checked++ < 300) {
        Http.Res direct = Http.get(victim.url() + "/kv/" + Http.enc(e.getKey()));
        assertThat(direct.status()).as(e.getKey()).isEqualTo(200);
        assertThat(direct.body().path("value").asInt()).isEqualTo(e.getValue());
      }
    }
    assertThat(checked).isPositive();
  }

  @Test
  void casFailsOverWhenThePrimaryIsKilledAndTheHistoryIsLinearizable() throws Exception {
    String key = "lin:register";
    assertThat(client.put(key, IntNode.valueOf(0)).block().written()).isEqualTo(2);
    KvProcess primary = byUrl(primaryOf(key));
    String failoverKey = null;
    for (int i = 0; failoverKey == null; i++) {
      if (primaryOf("failover:" + i).equals(primary.url())) {
        failoverKey = "failover:" + i;
      }
    }
    client.put(failoverKey, IntNode.valueOf(0)).block();
    // batches also carry an operation on a key of another primary, so they span two nodes
    String sideKey = null;
    for (int i = 0; sideKey == null; i++) {
      if (!primaryOf("side:" + i).equals(primary.url())) {
        sideKey = "side:" + i;
      }
    }
    String otherKey = sideKey;
    List<RegisterOp> history = Collections.synchronizedList(new ArrayList<>());
    history.add(new RegisterOp.Write(0, 0, 1));
    AtomicInteger ops = new AtomicInteger();
    AtomicInteger values = new AtomicInteger(1);
    AtomicBoolean stop = new AtomicBoolean();
    long base = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int c = 0; c < 4; c++) {
      long seed = c;
      pool.submit(
          () -> {
            Random rnd = new Random(seed);
            while (!stop.get() && ops.get() < 400) {
              long t0 = System.nanoTime() - base + 2;
              int kind = rnd.nextInt(5);
              try {
                if (kind == 0) {
                  Optional<KvEntry> e = client.get(key).block();
                  history.add(
                      new RegisterOp.Read(
                          e.map(x -> x.value().asInt()).orElse(null),
                          t0,
                          System.nanoTime() - base + 2));
                } else if (kind == 1) {
                  int v = values.incrementAndGet();
                  recordWrite(
                      history, v, t0, base, () -> client.put(key, IntNode.valueOf(v)).block());
                } else if (kind == 3) {
                  batchedCas(history, key, otherKey, values.incrementAndGet(), base);
                } else if (kind == 4) {
                  List<KvOpResult> r =
                      client
                          .batch(List.of(KvOp.get(key), KvOp.put(otherKey, IntNode.valueOf(0))))
                          .block();
                  if (r.get(0) instanceof KvOpResult.Read read) {
                    history.add(
                        new RegisterOp.Read(
                            read.entry().map(x -> x.value().asInt()).orElse(null),
                            t0,
                            System.nanoTime() - base + 2));
                  }
                } else {
                  Optional<KvEntry> cur = client.get(key).block();
                  Integer old = cur.map(x -> x.value().asInt()).orElse(null);
                  int v = values.incrementAndGet();
                  long t1 = System.nanoTime() - base + 2;
                  try {
                    CasResult r =
                        client
                            .compareAndSet(
                                CasRequest.of(
                                    key,
                                    old == null
                                        ? Expectation.absent()
                                        : Expectation.value(IntNode.valueOf(old)),
                                    IntNode.valueOf(v)))
                            .block();
                    history.add(
                        new RegisterOp.Cas(old, v, r.ok(), t1, System.nanoTime() - base + 2));
                  } catch (RuntimeException unknown) {
                    history.add(new RegisterOp.Cas(old, v, true, t1, RegisterOp.PENDING));
                  }
                }
              } catch (RuntimeException readFailed) {
                // a failed read has no effect and is left out of the history
              }
              ops.incrementAndGet();
            }
          });
    }
    assertThat(Http.eventually(Duration.ofSeconds(60), () -> ops.get() >= 120)).isTrue();
    new Kill().inject(primary, faults);
    // CAS on a key of the killed primary right after the kill: the next replica takes over
    int failoverWins = 0;
    for (int i = 0; i < 20 && failoverWins == 0; i++) {
      try {
        KvEntry cur = client.get(failoverKey).block().orElseThrow();
        CasResult r =
            client
                .compareAndSet(
                    CasRequest.of(
                        failoverKey, Expectation.version(cur.version()), IntNode.valueOf(i + 1)))
                .block();
        failoverWins += r.ok() ? 1 : 0;
      } catch (RuntimeException unknownOutcome) {
        // the first request may meet the dying connection; the next one goes to the new primary
      }
    }
    assertThat(failoverWins).isEqualTo(1);
    assertThat(
            Http.get(coordinator.url() + "/kv/" + Http.enc(failoverKey) + "/replicas")
                .body()
                .path("primary")
                .asString())
        .isNotEqualTo(primary.url());
    assertThat(Http.eventually(Duration.ofSeconds(60), () -> ops.get() >= 400)).isTrue();
    stop.set(true);
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(primaryOf(key)).isEqualTo(primary.url());
    String acting =
        Http.get(coordinator.url() + "/kv/" + Http.enc(key) + "/replicas")
            .body()
            .path("primary")
            .asString();
    assertThat(acting).isNotEqualTo(primary.url());
    List<RegisterOp> snapshot = new ArrayList<>(history);
    assertThat(snapshot.size()).isGreaterThan(300);
    assertThat(batchedCasApplied.get()).isPositive();
    assertThat(LinearizabilityChecker.check(snapshot, null))
        .as("a linearizable history across %s", faults.events())
        .isTrue();
  }

  /**
   * Reads the register, then CASes it by value in a batch with a read of it (same key: after the
   * CAS) and a write of {@code otherKey}; records the CAS (pending when its outcome is unknown) and
   * the read.
   */
  private void batchedCas(List<RegisterOp> history, String key, String otherKey, int v, long base) {
    Integer old = client.get(key).block().map(x -> x.value().asInt()).orElse(null);
    long t1 = System.nanoTime() - base + 2;
    List<KvOpResult> results;
    try {
      results =
          client
              .batch(
                  List.of(
                      KvOp.cas(
                          CasRequest.of(
                              key,
                              old == null
                                  ? Expectation.absent()
                                  : Expectation.value(IntNode.valueOf(old)),
                              IntNode.valueOf(v))),
                      KvOp.get(key),
                      KvOp.put(otherKey, IntNode.valueOf(v))))
              .block();
    } catch (RuntimeException unknown) {
      history.add(new RegisterOp.Cas(old, v, true, t1, RegisterOp.PENDING));
      return;
    }
    long t2 = System.nanoTime() - base + 2;
    if (results.get(0) instanceof KvOpResult.Compared compared) {
      history.add(new RegisterOp.Cas(old, v, compared.cas().ok(), t1, t2));
      batchedCasApplied.addAndGet(compared.cas().ok() ? 1 : 0);
    } else {
      history.add(new RegisterOp.Cas(old, v, true, t1, RegisterOp.PENDING));
    }
    if (results.get(1) instanceof KvOpResult.Read read) {
      history.add(
          new RegisterOp.Read(read.entry().map(x -> x.value().asInt()).orElse(null), t1, t2));
    }
  }

  private static void recordWrite(
      List<RegisterOp> history, int v, long t0, long base, Runnable write) {
    try {
      write.run();
      history.add(new RegisterOp.Write(v, t0, System.nanoTime() - base + 2));
    } catch (RuntimeException unknown) {
      history.add(new RegisterOp.Write(v, t0, RegisterOp.PENDING));
    }
  }
}
