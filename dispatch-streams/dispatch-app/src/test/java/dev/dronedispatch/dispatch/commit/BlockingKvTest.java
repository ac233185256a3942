package dev.dronedispatch.dispatch.commit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.dispatch.documents.SkippedDocuments;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.KvOpResult;
import dev.dronedispatch.kv.testkit.InMemoryKvClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class BlockingKvTest {

  private final InMemoryKvClient memory = new InMemoryKvClient();
  private final InterceptingKv kv = new InterceptingKv(memory);
  private final BlockingKv blocking =
      new BlockingKv(kv, Duration.ofSeconds(2), new SkippedDocuments(new SimpleMeterRegistry()));

  @Test
  void aBatchLargerThanOneRequestIsSplitAndAnsweredInOrder() {
    int n = 2 * BlockingKv.OPS_PER_REQUEST + 3;
    List<KvOp> writes = new ArrayList<>();
    IntStream.range(0, n)
        .forEach(i -> writes.add(KvOp.put("k" + i, JsonNodeFactory.instance.numberNode(i))));
    blocking.batch(writes);
    assertThat(kv.batches.get()).isEqualTo(3);

    List<KvOpResult> reads =
        blocking.batch(IntStream.range(0, n).mapToObj(i -> KvOp.get("k" + i)).toList());

    assertThat(reads).hasSize(n);
    for (int i = 0; i < n; i++) {
      KvOpResult.Read read = (KvOpResult.Read) reads.get(i);
      assertThat(read.entry().orElseThrow().value().asInt()).isEqualTo(i);
    }
  }
}
