package dev.dronedispatch.kv.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.CoalescingKvClient;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.KvOpResult;
import dev.dronedispatch.kv.client.http.HttpKvClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * The coalescing client over the Java client against a real in-process cluster, one batch request
 * out at a time so that concurrent batches share requests: every operation of the contract.
 */
class CoalescingKvClientContractTest extends KvClientContract {

  @TempDir static Path dir;
  static LocalKvCluster cluster;
  static HttpKvClient http;
  static CoalescingKvClient client;
  static final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeAll
  static void start() {
    cluster = Http.authorize(LocalKvCluster.start(dir));
    http = cluster.newClient();
    client = new CoalescingKvClient(http, 1, 256, registry);
  }

  @AfterAll
  static void stop() {
    client.close();
    cluster.close();
  }

  @Test
  void concurrentBatchesShareRequestsAndEachOperationKeepsItsGuarantee() {
    int callers = 200;
    List<List<KvOpResult>> answers =
        Flux.range(0, callers)
            .flatMap(
                i ->
                    client.batch(
                        List.of(
                            KvOp.create("coalesced:contested", json(Integer.toString(i))),
                            KvOp.put("coalesced:own-" + i, json(Integer.toString(i))))),
                callers)
            .collectList()
            .block(Duration.ofSeconds(30));
    assertThat(answers).hasSize(callers);
    List<CasResult> claims =
        answers.stream().map(a -> ((KvOpResult.Compared) a.get(0)).cas()).toList();
    assertThat(claims).filteredOn(CasResult::ok).hasSize(1);
    JsonNode winner = kv().get("coalesced:contested").orElseThrow().value();
    assertThat(claims)
        .filteredOn(c -> !c.ok())
        .allSatisfy(
            c ->
                assertThat(((CasResult.Conflict) c).current().orElseThrow().value())
                    .isEqualTo(winner));
    for (int i = 0; i < callers; i++) {
      assertThat(((KvOpResult.Written) answers.get(i).get(1)).write().written())
          .isEqualTo(replicas());
      assertThat(kv().get("coalesced:own-" + i).orElseThrow().value())
          .isEqualTo(json(Integer.toString(i)));
    }
    assertThat(registry.summary("kv.client.batches.per.request").max()).isGreaterThan(1);
  }

  @Override
  KvClient client() {
    return client;
  }

  @Override
  int replicas() {
    return 2;
  }
}
