package dev.dronedispatch.dispatch.commit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.ForwardingKvClient;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.KvOpResult;
import dev.dronedispatch.kv.testkit.InMemoryKvClient;
import dev.dronedispatch.model.json.Json;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

class KnownDronesTest {

  private final InMemoryKvClient memory = new InMemoryKvClient();
  private final KnownDrones known = new KnownDrones(memory);

  /** Answers that a test puts here are answered, in turn, before the store answers again. */
  private final Deque<List<KvOpResult>> canned = new ArrayDeque<>();

  private KnownDrones overCanned() {
    return new KnownDrones(
        new ForwardingKvClient(memory) {
          @Override
          public Mono<List<KvOpResult>> batch(List<KvOp> ops) {
            return canned.isEmpty() ? delegate.batch(ops) : Mono.just(canned.poll());
          }
        });
  }

  private static JsonNode doc(String status) {
    return Json.mapper().createObjectNode().put("status", status);
  }

  @Test
  void aReadDroneIsRememberedAndOtherKeysAreNot() {
    memory.put("drone:x1", doc("idle")).block();
    memory.put("delivery:d1", doc("pending")).block();

    known.batch(List.of(KvOp.get("drone:x1"), KvOp.get("delivery:d1"))).block();

    assertThat(known.newest("drone:x1")).map(KvEntry::value).contains(doc("idle"));
    assertThat(known.newest("delivery:d1")).isEmpty();
  }

  @Test
  void anAppliedWriteIsRememberedWithTheValueWrittenAndTheNewVersion() {
    memory.put("drone:x1", doc("idle")).block();
    long read = known.get("drone:x1").block().orElseThrow().version();

    known.batch(List.of(KvOp.casAtVersion("drone:x1", read, doc("busy")))).block();

    KvEntry now = known.newest("drone:x1").orElseThrow();
    assertThat(now.value()).isEqualTo(doc("busy"));
    assertThat(now.version()).isEqualTo(memory.get("drone:x1").block().orElseThrow().version());
  }

  @Test
  void aRefusedWriteRemembersTheCurrentValue() {
    memory.put("drone:x1", doc("idle")).block();
    long stale = known.get("drone:x1").block().orElseThrow().version();
    memory.put("drone:x1", doc("charging")).block();

    known.batch(List.of(KvOp.casAtVersion("drone:x1", stale, doc("busy")))).block();

    assertThat(known.newest("drone:x1")).map(KvEntry::value).contains(doc("charging"));
  }

  @Test
  void anAbsentDroneAndAnUnknownOutcomeAreForgotten() {
    memory.put("drone:x1", doc("idle")).block();
    memory.put("drone:x2", doc("idle")).block();
    KnownDrones overCanned = overCanned();
    overCanned.batch(List.of(KvOp.get("drone:x1"), KvOp.get("drone:x2"))).block();

    this.canned.add(
        List.of(new KvOpResult.Read(Optional.empty()), new KvOpResult.Unavailable("no replica")));
    overCanned.batch(List.of(KvOp.get("drone:x1"), KvOp.get("drone:x2"))).block();

    assertThat(overCanned.newest("drone:x1")).isEmpty();
    assertThat(overCanned.newest("drone:x2")).isEmpty();
  }

  @Test
  void anOlderAnswerDoesNotReplaceANewerOne() {
    memory.put("drone:x1", doc("idle")).block();
    KvEntry first = memory.get("drone:x1").block().orElseThrow();
    KnownDrones overCanned = overCanned();
    overCanned.batch(List.of(KvOp.casAtVersion("drone:x1", first.version(), doc("busy")))).block();
    // an answer that left the store before the write arrives after it
    this.canned.add(List.of(new KvOpResult.Compared(new CasResult.Conflict(Optional.of(first)))));
    overCanned.batch(List.of(KvOp.casAtVersion("drone:x1", 0, doc("busy")))).block();

    assertThat(overCanned.newest("drone:x1")).map(KvEntry::value).contains(doc("busy"));
  }
}
