package dev.dronedispatch.kv.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.ops.NodeOp;
import dev.dronedispatch.kv.ops.NodeOpResult;
import dev.dronedispatch.kv.storage.StoredRecord;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** Batching against a fake transport whose answers the test releases by hand. */
class OpPipelineTest {

  /** A batch the fake node received, answered when the test says so. */
  record Sent(List<NodeOp> ops, long epoch, Sinks.One<List<NodeOpResult>> answer) {
    void answerEach() {
      List<NodeOpResult> rs = new ArrayList<>();
      for (NodeOp op : ops) {
        rs.add(new NodeOpResult.Found(Optional.of(record(op.key()))));
      }
      answer.tryEmitValue(rs);
    }
  }

  static final long EPOCH = 7;

  final List<Sent> sent = new CopyOnWriteArrayList<>();
  final DistributionSummary sizes =
      DistributionSummary.builder("t").register(new SimpleMeterRegistry());

  OpPipeline pipeline(int depth, int maxBytes) {
    return new OpPipeline(
        depth,
        maxBytes,
        (ops, epoch) -> {
          Sinks.One<List<NodeOpResult>> answer = Sinks.one();
          sent.add(new Sent(ops, epoch, answer));
          return answer.asMono();
        },
        sizes);
  }

  static StoredRecord record(String key) {
    return new StoredRecord(("\"" + key + "\"").getBytes(StandardCharsets.UTF_8), 1, 1, false);
  }

  static List<Optional<NodeOpResult>> subscribeAll(List<Mono<NodeOpResult>> monos) {
    List<Optional<NodeOpResult>> out = new CopyOnWriteArrayList<>();
    IntStream.range(0, monos.size()).forEach(i -> out.add(Optional.empty()));
    for (int i = 0; i < monos.size(); i++) {
      int at = i;
      monos.get(i).subscribe(r -> out.set(at, Optional.of(r)));
    }
    return out;
  }

  @Test
  void idleOperationsLeaveAtOnceAndBusyOnesLeaveTogether() {
    OpPipeline p = pipeline(2, 1 << 20);
    List<Mono<NodeOpResult>> calls = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      calls.add(p.submit(new NodeOp.Get("k" + i), EPOCH));
    }
    List<Optional<NodeOpResult>> results = subscribeAll(calls);
    // two went out alone (depth 2); the other eight wait
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0).ops()).hasSize(1);
    assertThat(sent.get(1).ops()).hasSize(1);
    sent.get(0).answerEach();
    // the answer frees a slot: the eight waiting leave in one batch
    assertThat(sent).hasSize(3);
    assertThat(sent.get(2).ops())
        .extracting(NodeOp::key)
        .containsExactly("k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9");
    sent.get(1).answerEach();
    sent.get(2).answerEach();
    for (int i = 0; i < 10; i++) {
      NodeOpResult.Found f = (NodeOpResult.Found) results.get(i).orElseThrow();
      assertThat(f.record()).contains(record("k" + i));
    }
    assertThat(sizes.count()).isEqualTo(3);
    assertThat(sizes.totalAmount()).isEqualTo(10);
  }

  @Test
  void aBatchCarriesTheOldestEpochItsOperationsWerePlannedUnder() {
    OpPipeline p = pipeline(1, 1 << 20);
    List<Mono<NodeOpResult>> calls = new ArrayList<>();
    calls.add(p.submit(new NodeOp.Get("first"), 9));
    calls.add(p.submit(new NodeOp.Get("a"), 9));
    calls.add(p.submit(new NodeOp.Get("b"), 8));
    calls.add(p.submit(new NodeOp.Get("c"), 9));
    subscribeAll(calls);
    sent.get(0).answerEach();
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0).epoch()).isEqualTo(9);
    // planned under epoch 8, "b" makes a node with a newer membership refuse the whole batch
    assertThat(sent.get(1).epoch()).isEqualTo(8);
  }

  @Test
  void aBatchIsBoundedBySizeAndTheRestFollows() {
    OpPipeline p = pipeline(1, 300);
    byte[] big = new byte[200];
    List<Mono<NodeOpResult>> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(p.submit(new NodeOp.Apply("k" + i, new StoredRecord(big, 1, 1, false)), EPOCH));
    }
    subscribeAll(calls);
    assertThat(sent).hasSize(1);
    for (int i = 0; i < 3; i++) {
      sent.get(i).answerEach();
    }
    // each ~250-byte operation fills a 300-byte batch alone
    assertThat(sent).extracting(s -> s.ops().size()).containsExactly(1, 1, 1, 1);
  }

  @Test
  void aFailedBatchFailsEachOfItsOperationsAndTheNextBatchStillGoes() {
    OpPipeline p = pipeline(1, 1 << 20);
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    p.submit(new NodeOp.Get("a"), EPOCH).subscribe(r -> {}, errors::add);
    p.submit(new NodeOp.Get("b"), EPOCH).subscribe(r -> {}, errors::add);
    p.submit(new NodeOp.Get("c"), EPOCH).subscribe(r -> {}, errors::add);
    assertThat(sent).hasSize(1);
    sent.get(0).answer().tryEmitError(new IllegalStateException("node down"));
    assertThat(errors).hasSize(1);
    assertThat(sent).hasSize(2);
    sent.get(1).answer().tryEmitError(new IllegalStateException("still down"));
    assertThat(errors)
        .hasSize(3)
        .extracting(Throwable::getMessage)
        .containsOnly("node down", "still down");
  }

  @Test
  void anAnswerWithTheWrongCountFailsTheBatch() {
    OpPipeline p = pipeline(1, 1 << 20);
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    p.submit(new NodeOp.Get("a"), EPOCH).subscribe(r -> {}, errors::add);
    sent.get(0).answer().tryEmitValue(List.of());
    assertThat(errors)
        .singleElement()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("0 results for 1");
  }

  @Test
  void operationsSubmittedInOneSectionLeaveTogether() {
    OpPipeline p = pipeline(2, 1 << 20);
    List<Mono<NodeOpResult>> calls = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      calls.add(p.submit(new NodeOp.Get("k" + i), EPOCH));
    }
    List<List<Optional<NodeOpResult>>> results = new ArrayList<>();
    Coalescing.run(() -> results.add(subscribeAll(calls)));
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).ops()).hasSize(10);
    sent.get(0).answerEach();
    assertThat(results.get(0)).allMatch(Optional::isPresent);
  }

  @Test
  void whatAnswersStartLeavesTogether() {
    OpPipeline first = pipeline(2, 1 << 20);
    OpPipeline next = pipeline(2, 1 << 20);
    List<Mono<NodeOpResult>> chained = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      chained.add(
          first
              .submit(new NodeOp.Get("k" + i), EPOCH)
              .flatMap(r -> next.submit(new NodeOp.Get("then"), EPOCH)));
    }
    Coalescing.run(() -> subscribeAll(chained));
    sent.get(0).answerEach();
    // the ten follow-ups each answer started are one request, not two alone and eight together
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).ops()).hasSize(10);
  }
}
