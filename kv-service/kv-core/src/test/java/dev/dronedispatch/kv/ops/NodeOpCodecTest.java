package dev.dronedispatch.kv.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.Fence;
import dev.dronedispatch.kv.client.KvJson;
import dev.dronedispatch.kv.lock.LockAction;
import dev.dronedispatch.kv.lock.LockOutcome;
import dev.dronedispatch.kv.lock.LockState;
import dev.dronedispatch.kv.storage.CasOutcome;
import dev.dronedispatch.kv.storage.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeOpCodecTest {

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void everyOperationSurvivesTheRoundTrip() {
    StoredRecord rec = new StoredRecord(b("{\"a\":1}"), 3, 77, false);
    List<NodeOp> ops =
        List.of(
            new NodeOp.Get("a key/with?odd#chars ü"),
            new NodeOp.Apply("k", rec),
            new NodeOp.Apply("gone", StoredRecord.tombstone(4, 99)),
            new NodeOp.Release("stand-in copy", rec),
            new NodeOp.Lock("l1", new LockAction.Acquire("me", 30_000), 11),
            new NodeOp.Lock("l2", new LockAction.Renew("me", 4, 1_500), 12),
            new NodeOp.Lock("l3", new LockAction.Release("me", 4), 13),
            new NodeOp.Cas("c1", Expectation.absent(), b("1"), 5, Optional.empty()),
            new NodeOp.Cas("c2", Expectation.version(7), null, 6, Optional.of(new Fence("L", 9))),
            new NodeOp.Cas(
                "c3",
                Expectation.value(KvJson.MAPPER.readTree(b("{\"x\":[1,2]}"))),
                b("2"),
                8,
                Optional.empty()),
            new NodeOp.Put("p1", b("{\"n\":3}"), 14),
            new NodeOp.Put("p2", null, 15));
    List<NodeOp> back = NodeOpCodec.decodeOps(NodeOpCodec.encodeOps(ops));
    assertThat(back).hasSize(ops.size());
    assertThat(back.subList(0, 7)).isEqualTo(ops.subList(0, 7));
    for (int i = ops.size() - 2; i < ops.size(); i++) {
      NodeOp.Put want = (NodeOp.Put) ops.get(i);
      NodeOp.Put got = (NodeOp.Put) back.get(i);
      assertThat(got.key()).isEqualTo(want.key());
      assertThat(Arrays.equals(got.newValue(), want.newValue())).isTrue();
      assertThat(got.floorTs()).isEqualTo(want.floorTs());
    }
    for (int i = 7; i < ops.size() - 2; i++) {
      NodeOp.Cas want = (NodeOp.Cas) ops.get(i);
      NodeOp.Cas got = (NodeOp.Cas) back.get(i);
      assertThat(got.key()).isEqualTo(want.key());
      assertThat(got.expected()).isEqualTo(want.expected());
      assertThat(Arrays.equals(got.newValue(), want.newValue())).isTrue();
      assertThat(got.floorTs()).isEqualTo(want.floorTs());
      assertThat(got.fence()).isEqualTo(want.fence());
    }
  }

  @Test
  void everyResultSurvivesTheRoundTrip() {
    StoredRecord rec = new StoredRecord(b("\"v\""), 2, 50, false);
    List<NodeOpResult> results =
        List.of(
            new NodeOpResult.Found(Optional.of(rec)),
            new NodeOpResult.Found(Optional.empty()),
            new NodeOpResult.Applied(true, rec),
            new NodeOpResult.Applied(false, StoredRecord.tombstone(9, 90)),
            new NodeOpResult.Released(true),
            new NodeOpResult.Released(false),
            new NodeOpResult.CasDone(new CasOutcome.Applied(rec)),
            new NodeOpResult.CasDone(new CasOutcome.Conflict(rec)),
            new NodeOpResult.CasDone(new CasOutcome.Conflict(null)),
            new NodeOpResult.CasDone(new CasOutcome.Fenced("lock", 12)),
            new NodeOpResult.Locked(new LockOutcome(true, new LockState("me", 5, 9_000), rec)),
            new NodeOpResult.Locked(new LockOutcome(false, new LockState("other", 5, 9_000), null)),
            new NodeOpResult.Locked(new LockOutcome(false, LockState.NEVER_HELD, null)));
    assertThat(NodeOpCodec.decodeResults(NodeOpCodec.encodeResults(results))).isEqualTo(results);
  }

  @Test
  void malformedBatchesAreRefused() {
    byte[] good = NodeOpCodec.encodeOps(List.of(new NodeOp.Get("k")));
    assertThatThrownBy(() -> NodeOpCodec.decodeOps(Arrays.copyOf(good, good.length - 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NodeOpCodec.decodeOps(Arrays.copyOf(good, good.length + 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trailing");
    byte[] unknown = good.clone();
    unknown[4] = 42;
    assertThatThrownBy(() -> NodeOpCodec.decodeOps(unknown))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NodeOpCodec.decodeOps(new byte[] {0x7f, 0, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NodeOpCodec.decodeOps(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
