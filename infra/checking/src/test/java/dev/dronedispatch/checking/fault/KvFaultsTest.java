package dev.dronedispatch.checking.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import dev.dronedispatch.checking.fault.DroppingKvClient.Drop;
import dev.dronedispatch.kv.client.CasRequest;
import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.KvUnavailableException;
import dev.dronedispatch.kv.testkit.InMemoryKvClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;
import tools.jackson.databind.node.IntNode;

/**
 * The KV faults over the in-memory KV: what reaches it, what the caller is told, what is logged.
 */
class KvFaultsTest {

  private final InMemoryKvClient kv = new InMemoryKvClient();
  private final FaultLog log = new FaultLog();
  private final CrashAfterKvCommit crashing =
      new CrashAfterKvCommit(kv, "worker", op -> op.key().startsWith("watched:"), log);
  private final DroppingKvClient dropping = new DroppingKvClient(kv, "worker", log);

  private Optional<Integer> stored(String key) {
    return kv.get(key).block().map(KvEntry::value).map(v -> v.asInt());
  }

  private static Throwable crashOf(Runnable call) {
    return Exceptions.unwrap(catchThrowable(call::run));
  }

  @Test
  void anArmedSwitchDiesRightAfterTheKvCommittedAWatchedWriteAndOnlyOnce() {
    crashing.batch(List.of(KvOp.put("watched:1", IntNode.valueOf(1)))).block();
    assertThat(crashing.fired()).as("not armed").isFalse();

    crashing.arm();
    crashing.batch(List.of(KvOp.put("other:1", IntNode.valueOf(1)))).block();
    crashing.batch(List.of(KvOp.create("watched:1", IntNode.valueOf(9)))).block(); // a conflict
    assertThat(crashing.fired()).as("nothing watched was committed").isFalse();

    Throwable crash =
        crashOf(
            () ->
                crashing
                    .batch(
                        List.of(
                            KvOp.put("other:2", IntNode.valueOf(2)),
                            KvOp.casAtVersion("watched:1", 1, IntNode.valueOf(2))))
                    .block());

    assertThat(crash)
        .isInstanceOf(CrashAfterKvCommit.Crash.class)
        .hasMessage("worker crashed after the KV committed watched:1");
    assertThat(stored("watched:1")).as("committed before the crash").contains(2);
    assertThat(crashing.fired()).isTrue();
    crashing.batch(List.of(KvOp.put("watched:1", IntNode.valueOf(3)))).block();
    assertThat(log.events())
        .extracting(FaultEvent::fault, FaultEvent::target, FaultEvent::detail)
        .containsExactly(
            tuple("crash-after-kv-commit", "worker", "crashed after the KV committed watched:1"));
  }

  @Test
  void aSingleCasIsWatchedToo() {
    crashing.arm();
    CasRequest create = CasRequest.of("watched:2", Expectation.absent(), IntNode.valueOf(1));

    assertThat(crashOf(() -> crashing.compareAndSet(create).block()))
        .isInstanceOf(CrashAfterKvCommit.Crash.class);
    assertThat(stored("watched:2")).contains(1);
  }

  @Test
  void aDroppedCallNeverReachesTheKv() {
    dropping.drop(Drop.CALL);

    assertThatThrownBy(() -> dropping.put("k", IntNode.valueOf(1)).block())
        .isInstanceOf(KvUnavailableException.class);
    assertThat(stored("k")).isEmpty();
  }

  @Test
  void aDroppedReplyLeavesTheWriteDoneAndTheCallerInTheDark() {
    dropping.drop(Drop.REPLY);

    assertThatThrownBy(() -> dropping.put("k", IntNode.valueOf(1)).block())
        .isInstanceOf(KvUnavailableException.class);
    assertThat(stored("k")).contains(1);
  }

  @Test
  void aSilentKvAnswersNothingUntilItHeals() {
    dropping.drop(Drop.SILENCE);

    assertThatThrownBy(() -> dropping.get("k").block(Duration.ofMillis(200)))
        .hasMessageContaining("Timeout");
    dropping.heal();
    dropping.put("k", IntNode.valueOf(4)).block();

    assertThat(stored("k")).contains(4);
    assertThat(dropping.dropped()).isEqualTo(1);
    assertThat(log.events())
        .extracting(FaultEvent::fault, FaultEvent::detail)
        .containsExactly(
            tuple("dropping-kv-client", "leaves every call unanswered"),
            tuple("dropping-kv-client", "passes calls again, 1 dropped"));
  }
}
