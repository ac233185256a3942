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
import dev.dronedispatch.kv.client.http.HttpKvClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.IntNode;

/**
 * Two coordinators, each its own JVM, over the same three nodes; clients know both. Under puts,
 * reads and compare-and-sets, each coordinator in turn is killed with SIGKILL (and the first
 * started again before the second dies): no acknowledged write is lost, the register's history is
 * linearizable (the checking kit's checker), and the clients carry on through the other one.
 */
class CoordinatorKillTest {

  @TempDir Path dir;

  private static final String REGISTER = "lin:register";
  private static final int CLIENTS = 4;
  private static final int OPS_PER_PHASE = 150;

  private final FaultLog faults = new FaultLog();

  @Test
  void killingEitherCoordinatorLosesNothingAndKeepsCasLinearizable() throws Exception {
    try (LocalKvCluster nodes = LocalKvCluster.start(dir.resolve("nodes"))) {
      nodes.stopCoordinator(); // the two below serve the clients
      String backends = backends(nodes);
      List<KvProcess> coordinators = new ArrayList<>();
      try {
        for (String id : List.of("coordinator-1", "coordinator-2")) {
          coordinators.add(
              KvProcess.coordinator(
                      id,
                      KvProcess.freePort(),
                      dir.resolve(id),
                      backends,
                      nodes.clientToken(),
                      nodes.nodeToken())
                  .start());
        }
        String kvUrl = coordinators.get(0).url() + "," + coordinators.get(1).url();
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (HttpKvClient kv =
            HttpKvClient.create(
                kvUrl,
                nodes
                    .clientSettings()
                    .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3))
                    .withRetries(3, Duration.ofMillis(20), Duration.ofMillis(300))
                    .withMeterRegistry(metrics))) {
          run(kv, coordinators);
        }
        assertThat(metrics.get("kv.client.failovers").counters())
            .as("the clients moved off a killed coordinator")
            .isNotEmpty();
      } finally {
        for (KvProcess c : coordinators) {
          c.close();
        }
      }
    }
  }

  private void run(HttpKvClient kv, List<KvProcess> coordinators) throws Exception {
    kv.put(REGISTER, IntNode.valueOf(0)).block();
    List<RegisterOp> history = Collections.synchronizedList(new ArrayList<>());
    history.add(new RegisterOp.Write(0, 0, 1));
    Map<String, Integer> acked = new ConcurrentHashMap<>();
    AtomicInteger ops = new AtomicInteger();
    AtomicInteger values = new AtomicInteger(1);
    AtomicBoolean stop = new AtomicBoolean();
    long base = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      pool.submit(
          () -> {
            Random rnd = new Random(client);
            for (int i = 0; !stop.get(); i++) {
              String key = "ack:" + client + ":" + i;
              try {
                kv.put(key, IntNode.valueOf(i)).block();
                acked.put(key, i);
              } catch (RuntimeException unknown) {
                // not acknowledged: nothing to check
              }
              registerOp(kv, rnd.nextInt(3), values, history, base);
              ops.incrementAndGet();
            }
          });
    }
    awaitOps(ops, OPS_PER_PHASE);
    new Kill().inject(coordinators.get(0), faults);
    awaitOps(ops, ops.get() + OPS_PER_PHASE);
    new Restart().inject(coordinators.get(0), faults);
    new Kill().inject(coordinators.get(1), faults);
    awaitOps(ops, ops.get() + OPS_PER_PHASE);
    stop.set(true);
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

    Map<String, KvEntry> read = kv.getAll(acked.keySet()).block(Duration.ofSeconds(30));
    assertThat(read.keySet()).as("acknowledged puts the KV holds").hasSize(acked.size());
    acked.forEach((k, v) -> assertThat(read.get(k).value().asInt()).as(k).isEqualTo(v));
    List<RegisterOp> snapshot = new ArrayList<>(history);
    assertThat(snapshot.size()).isGreaterThan(3 * OPS_PER_PHASE / 2);
    assertThat(LinearizabilityChecker.check(snapshot, null))
        .as("a linearizable history across %s", faults.events())
        .isTrue();
  }

  /** A read, a put or a CAS by value of the register, recorded (pending when unknown). */
  private static void registerOp(
      HttpKvClient kv, int kind, AtomicInteger values, List<RegisterOp> history, long base) {
    long t0 = System.nanoTime() - base + 2;
    try {
      if (kind == 0) {
        Optional<KvEntry> e = kv.get(REGISTER).block();
        history.add(
            new RegisterOp.Read(
                e.map(x -> x.value().asInt()).orElse(null), t0, System.nanoTime() - base + 2));
      } else if (kind == 1) {
        int v = values.incrementAndGet();
        try {
          kv.put(REGISTER, IntNode.valueOf(v)).block();
          history.add(new RegisterOp.Write(v, t0, System.nanoTime() - base + 2));
        } catch (RuntimeException unknown) {
          history.add(new RegisterOp.Write(v, t0, RegisterOp.PENDING));
        }
      } else {
        Integer old = kv.get(REGISTER).block().map(x -> x.value().asInt()).orElse(null);
        int v = values.incrementAndGet();
        long t1 = System.nanoTime() - base + 2;
        try {
          CasResult r =
              kv.compareAndSet(
                      CasRequest.of(
                          REGISTER,
                          old == null
                              ? Expectation.absent()
                              : Expectation.value(IntNode.valueOf(old)),
                          IntNode.valueOf(v)))
                  .block();
          history.add(new RegisterOp.Cas(old, v, r.ok(), t1, System.nanoTime() - base + 2));
        } catch (RuntimeException unknown) {
          history.add(new RegisterOp.Cas(old, v, true, t1, RegisterOp.PENDING));
        }
      }
    } catch (RuntimeException readFailed) {
      // a failed read has no effect and is left out of the history
    }
  }

  private static String backends(LocalKvCluster nodes) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < nodes.nodeUrls().size(); i++) {
      out.add(nodes.nodes().get(i).config().nodeId() + "=" + nodes.nodeUrls().get(i));
    }
    return String.join(",", out);
  }

  private static void awaitOps(AtomicInteger ops, int atLeast) {
    assertThat(Http.eventually(Duration.ofSeconds(90), () -> ops.get() >= atLeast))
        .as("%d operations", atLeast)
        .isTrue();
  }
}
