package dev.dronedispatch.kv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class CoalescingKvClientTest {

  private final HeldBatches kv = new HeldBatches();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void anIdleClientSendsEachBatchAtOnce() {
    CoalescingKvClient client = new CoalescingKvClient(kv, 2, 256, registry);
    var a = ask(client, "a1", "a2");
    var b = ask(client, "b1");
    assertThat(kv.keysOfEachRequest()).containsExactly(List.of("a1", "a2"), List.of("b1"));
    kv.answer(0);
    kv.answer(1);
    assertThat(keysOf(a)).containsExactly("a1", "a2");
    assertThat(keysOf(b)).containsExactly("b1");
  }

  @Test
  void batchesAskedWhileTheRequestsAreOutLeaveTogetherEachWithItsOwnResults() {
    CoalescingKvClient client = new CoalescingKvClient(kv, 1, 256, registry);
    var a = ask(client, "a1");
    var b = ask(client, "b1", "b2");
    var c = ask(client, "c1");
    assertThat(kv.keysOfEachRequest()).containsExactly(List.of("a1"));
    kv.answer(0);
    assertThat(kv.keysOfEachRequest()).element(1).isEqualTo(List.of("b1", "b2", "c1"));
    kv.answer(1);
    assertThat(keysOf(a)).containsExactly("a1");
    assertThat(keysOf(b)).containsExactly("b1", "b2");
    assertThat(keysOf(c)).containsExactly("c1");
    assertThat(registry.summary("kv.client.batches.per.request").max()).isEqualTo(2);
  }

  @Test
  void aRequestCarriesAtMostTheKvsCapAndTheRestWaitsForTheNext() {
    CoalescingKvClient client = new CoalescingKvClient(kv, 1, 5, registry);
    ask(client, "a1");
    ask(client, "b1", "b2", "b3");
    ask(client, "c1", "c2", "c3");
    kv.answer(0);
    assertThat(kv.keysOfEachRequest()).hasSize(2).element(1).isEqualTo(List.of("b1", "b2", "b3"));
    kv.answer(1);
    assertThat(kv.keysOfEachRequest()).element(2).isEqualTo(List.of("c1", "c2", "c3"));
  }

  @Test
  void aBatchOverTheCapGoesAloneToBeRefusedByTheKv() {
    CoalescingKvClient client = new CoalescingKvClient(kv, 1, 2, registry);
    ask(client, "a1");
    ask(client, "b1", "b2", "b3");
    assertThat(kv.keysOfEachRequest()).containsExactly(List.of("a1"), List.of("b1", "b2", "b3"));
  }

  @Test
  void aRefusedCombinedRequestIsSentAgainPerCallerSoOnlyTheBadOneIsRefused() {
    CoalescingKvClient client = new CoalescingKvClient(kv, 1, 256, registry);
    ask(client, "a1");
    var good = ask(client, "good");
    var bad = ask(client, "bad");
    kv.answer(0);
    kv.fail(1, new IllegalArgumentException("KV refused the request (400): ops[1]"));
    assertThat(kv.keysOfEachRequest()).element(2).isEqualTo(List.of("good"));
    assertThat(kv.keysOfEachRequest()).element(3).isEqualTo(List.of("bad"));
    kv.answer(2);
    kv.fail(3, new IllegalArgumentException("KV refused the request (400): ops[0]"));
    assertThat(keysOf(good)).containsExactly("good");
    assertThatThrownBy(bad::join).hasCauseInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anUnavailableKvFailsEveryBatchTheRequestCarried() {
    CoalescingKvClient client = new CoalescingKvClient(kv, 1, 256, registry);
    ask(client, "a1");
    var b = ask(client, "b1");
    var c = ask(client, "c1");
    kv.answer(0);
    kv.fail(1, new KvUnavailableException("KV answered 503"));
    assertThatThrownBy(b::join).hasCauseInstanceOf(KvUnavailableException.class);
    assertThatThrownBy(c::join).hasCauseInstanceOf(KvUnavailableException.class);
    assertThat(kv.keysOfEachRequest()).hasSize(2);
  }

  @Test
  void aCallerThatGaveUpBeforeItsBatchLeftWritesNothing() {
    CoalescingKvClient client = new CoalescingKvClient(kv, 1, 256, registry);
    ask(client, "a1");
    Disposable gaveUp = client.batch(List.of(KvOp.delete("gone"))).subscribe();
    var kept = ask(client, "kept");
    gaveUp.dispose();
    kv.answer(0);
    assertThat(kv.keysOfEachRequest()).element(1).isEqualTo(List.of("kept"));
    kv.answer(1);
    assertThat(keysOf(kept)).containsExactly("kept");
  }

  @Test
  void everyCallerGetsItsOwnResultsUnderConcurrentCallers() throws Exception {
    CoalescingKvClient client = new CoalescingKvClient(new ImmediateBatches(), 2, 16, registry);
    int threads = 8;
    int each = 200;
    List<CompletableFuture<List<KvOpResult>>> answers = new ArrayList<>();
    IntStream.range(0, threads * each).forEach(i -> answers.add(new CompletableFuture<>()));
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int from = t * each;
      callers.add(
          new Thread(
              () -> {
                for (int i = from; i < from + each; i++) {
                  CompletableFuture<List<KvOpResult>> answer = answers.get(i);
                  client
                      .batch(List.of(KvOp.get("k" + i)))
                      .subscribe(answer::complete, answer::completeExceptionally);
                }
              }));
    }
    callers.forEach(Thread::start);
    for (Thread t : callers) {
      t.join();
    }
    for (int i = 0; i < answers.size(); i++) {
      assertThat(keysOf(answers.get(i).get(10, TimeUnit.SECONDS))).containsExactly("k" + i);
    }
  }

  private static CompletableFuture<List<KvOpResult>> ask(
      CoalescingKvClient client, String... keys) {
    return client.batch(Stream.of(keys).map(KvOp::delete).toList()).toFuture();
  }

  /** The keys of the results: the stubs answer each operation with its own key. */
  private static List<String> keysOf(CompletableFuture<List<KvOpResult>> answer) {
    return keysOf(answer.join());
  }

  private static List<String> keysOf(List<KvOpResult> results) {
    return results.stream().map(r -> ((KvOpResult.Unavailable) r).detail()).toList();
  }

  /** Answers each operation with its key, as its own result, at once. */
  private static final class ImmediateBatches extends ForwardingKvClient {
    ImmediateBatches() {
      super(OUTSIDE_THESE_TESTS);
    }

    @Override
    public Mono<List<KvOpResult>> batch(List<KvOp> ops) {
      return Mono.fromSupplier(() -> echo(ops));
    }
  }

  /** Holds each batch request until the test answers or fails it. */
  private static final class HeldBatches extends ForwardingKvClient {
    private final List<List<KvOp>> requests = new ArrayList<>();
    private final List<Sinks.One<List<KvOpResult>>> answers = new ArrayList<>();

    HeldBatches() {
      super(OUTSIDE_THESE_TESTS);
    }

    @Override
    public synchronized Mono<List<KvOpResult>> batch(List<KvOp> ops) {
      Sinks.One<List<KvOpResult>> answer = Sinks.one();
      requests.add(ops);
      answers.add(answer);
      return answer.asMono();
    }

    synchronized List<List<String>> keysOfEachRequest() {
      return requests.stream().map(ops -> ops.stream().map(KvOp::key).toList()).toList();
    }

    void answer(int request) {
      List<KvOp> ops;
      Sinks.One<List<KvOpResult>> answer;
      synchronized (this) {
        ops = requests.get(request);
        answer = answers.get(request);
      }
      answer.tryEmitValue(echo(ops));
    }

    void fail(int request, RuntimeException error) {
      Sinks.One<List<KvOpResult>> answer;
      synchronized (this) {
        answer = answers.get(request);
      }
      answer.tryEmitError(error);
    }
  }

  private static List<KvOpResult> echo(List<KvOp> ops) {
    return ops.stream().map(op -> (KvOpResult) new KvOpResult.Unavailable(op.key())).toList();
  }

  /** Every call but {@code batch} is outside these tests: the stubs forward the rest here. */
  private static final KvClient OUTSIDE_THESE_TESTS =
      (KvClient)
          Proxy.newProxyInstance(
              KvClient.class.getClassLoader(),
              new Class<?>[] {KvClient.class},
              (proxy, method, args) -> {
                if (method.getName().equals("close")) {
                  return null;
                }
                throw new UnsupportedOperationException(method.getName());
              });
}
