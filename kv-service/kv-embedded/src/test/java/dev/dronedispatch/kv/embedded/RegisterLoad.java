package dev.dronedispatch.kv.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.checking.linearizability.LinearizabilityChecker;
import dev.dronedispatch.checking.linearizability.RegisterOp;
import dev.dronedispatch.kv.client.CasRequest;
import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.http.HttpKvClient;
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
import tools.jackson.databind.node.IntNode;

/**
 * The load of the KV fault tests: clients that each put keys of their own (recording the
 * acknowledged ones) and, between puts, read, put or compare-and-set one shared register, recording
 * a history for the linearizability checker (operations whose outcome a client could not know stay
 * pending). Checked at the end: every acknowledged put reads back, and the history is linearizable.
 */
final class RegisterLoad implements AutoCloseable {

  private static final String REGISTER = "lin:register";

  private final HttpKvClient kv;
  private final List<RegisterOp> history = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Integer> acked = new ConcurrentHashMap<>();
  private final AtomicInteger ops = new AtomicInteger();
  private final AtomicInteger values = new AtomicInteger(1);
  private final AtomicBoolean stop = new AtomicBoolean();
  private final long base = System.nanoTime();
  private final ExecutorService pool;

  private RegisterLoad(HttpKvClient kv, int clients) {
    this.kv = kv;
    this.pool = Executors.newFixedThreadPool(clients);
  }

  /** Sets the register to 0 and starts {@code clients} clients. */
  static RegisterLoad start(HttpKvClient kv, int clients) {
    RegisterLoad load = new RegisterLoad(kv, clients);
    kv.put(REGISTER, IntNode.valueOf(0)).block();
    load.history.add(new RegisterOp.Write(0, 0, 1));
    for (int c = 0; c < clients; c++) {
      int client = c;
      load.pool.submit(() -> load.run(client));
    }
    return load;
  }

  private void run(int client) {
    Random rnd = new Random(client);
    for (int i = 0; !stop.get(); i++) {
      String key = "ack:" + client + ":" + i;
      try {
        kv.put(key, IntNode.valueOf(i)).block();
        acked.put(key, i);
      } catch (RuntimeException unknown) {
        // not acknowledged: nothing to check
      }
      registerOp(rnd.nextInt(3));
      ops.incrementAndGet();
    }
  }

  int ops() {
    return ops.get();
  }

  /** Waits until the clients have done {@code more} operations more than now. */
  void awaitMore(int more, Duration deadline) {
    int atLeast = ops.get() + more;
    assertThat(Http.eventually(deadline, () -> ops.get() >= atLeast))
        .as("%d operations", atLeast)
        .isTrue();
  }

  /**
   * Stops the clients, then checks through {@code reader}: every acknowledged put holds its value,
   * and the register's history is linearizable; {@code during} names the faults for the messages.
   */
  void stopAndCheck(HttpKvClient reader, Object during) throws InterruptedException {
    stop.set(true);
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    Map<String, KvEntry> read = reader.getAll(acked.keySet()).block(Duration.ofSeconds(30));
    assertThat(read.keySet()).as("acknowledged puts the KV holds").hasSize(acked.size());
    acked.forEach((k, v) -> assertThat(read.get(k).value().asInt()).as(k).isEqualTo(v));
    List<RegisterOp> snapshot = new ArrayList<>(history);
    assertThat(snapshot.size()).as("register operations").isGreaterThan(100);
    assertThat(LinearizabilityChecker.check(snapshot, null))
        .as("a linearizable history across %s", during)
        .isTrue();
  }

  /** A read, a put or a CAS by value of the register, recorded (pending when unknown). */
  private void registerOp(int kind) {
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

  @Override
  public void close() {
    stop.set(true);
    pool.shutdownNow();
  }
}
