package dev.dronedispatch.kv.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.http.HttpKvClient;
import dev.dronedispatch.kv.coordinator.CoordinatorServer;
import dev.dronedispatch.kv.node.NodeServer;
import dev.dronedispatch.kv.ring.NodeRef;
import dev.dronedispatch.kv.storage.StoredRecord;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;

/**
 * Nodes added and removed while the cluster serves: two coordinators, clients that know both, puts
 * and a register's reads, puts and compare-and-sets running throughout. A fourth node joins through
 * one coordinator, then the first node leaves through the other, and is stopped: no acknowledged
 * write is lost, the register's history is linearizable, and every key's new homes hold it.
 */
class MembershipChangeTest {

  @TempDir Path dir;

  private static final int CLIENTS = 4;
  private static final int PRELOADED = 400;
  private static final int OPS_BETWEEN = 150;
  private static final Duration CHANGE = Duration.ofSeconds(90);

  @Test
  void aNodeJoinsAndAnotherLeavesUnderLoadLosingNothing() throws Exception {
    try (LocalKvCluster cluster = operated(LocalKvCluster.start(dir))) {
      CoordinatorServer second = cluster.addCoordinator();
      String secondUrl = "http://127.0.0.1:" + second.port();
      Http.authorize(secondUrl, cluster.nodeToken());
      try (HttpKvClient kv =
          HttpKvClient.create(
              cluster.kvUrl(),
              cluster
                  .clientSettings()
                  .withRetries(3, Duration.ofMillis(20), Duration.ofMillis(300)))) {
        for (int i = 0; i < PRELOADED; i++) {
          kv.put("pre:" + i, IntNode.valueOf(i)).block();
        }
        List<String> changes = new ArrayList<>();
        try (RegisterLoad load = RegisterLoad.start(kv, CLIENTS)) {
          load.awaitMore(OPS_BETWEEN, CHANGE);

          NodeServer added = cluster.addNode();
          String id = added.config().nodeId();
          Http.Res joined =
              Http.post(
                  cluster.coordinatorUrl() + "/admin/membership/join",
                  "{\"id\":\"" + id + "\",\"url\":\"" + added.url() + "\"}");
          assertThat(joined.status()).as(joined.raw()).isEqualTo(202);
          awaitDone(cluster.coordinatorUrl());
          changes.add("join " + id);
          assertThat(
                  Http.send(
                          HttpRequest.newBuilder(
                                  URI.create(cluster.coordinatorUrl() + "/actuator/prometheus"))
                              .header("Authorization", "Bearer " + cluster.clientToken())
                              .GET())
                      .raw())
              .as("the joined node's gauges")
              .contains("kv_node_healthy{application=\"kv-coordinator\",node=\"" + id + "\"} 1.0")
              .contains("kv_membership_epoch{application=\"kv-coordinator\"} 4.0");
          load.awaitMore(OPS_BETWEEN, CHANGE);

          Http.Res left = Http.post(secondUrl + "/admin/membership/leave", "{\"id\":\"node-a\"}");
          assertThat(left.status()).as(left.raw()).isEqualTo(202);
          awaitDone(secondUrl);
          changes.add("leave node-a");
          cluster.stopNode(0);
          changes.add("stop node-a");
          load.awaitMore(OPS_BETWEEN, CHANGE);
          load.stopAndCheck(kv, changes);
        }

        Map<String, KvEntry> pre =
            kv.getAll(IntStream.range(0, PRELOADED).mapToObj(i -> "pre:" + i).toList())
                .block(Duration.ofSeconds(30));
        assertThat(pre).hasSize(PRELOADED);
        pre.forEach(
            (k, e) -> assertThat(e.value().asInt()).isEqualTo(Integer.parseInt(k.substring(4))));
        for (String url : List.of(cluster.coordinatorUrl(), secondUrl)) {
          JsonNode m = Http.get(url + "/admin/membership").body().path("membership");
          assertThat(m.path("phase").asString()).isEqualTo("stable");
          assertThat(m.path("epoch").asLong()).isEqualTo(8);
          assertThat(m.path("members").findValuesAsString("id"))
              .containsExactlyInAnyOrder("node-b", "node-c", "node-d");
        }
        assertThat(homesWithout(cluster, cluster.coordinator(), "pre:", PRELOADED))
            .as("keys a home of the new ring does not hold")
            .isEmpty();
      }
    }
  }

  @Test
  void aChangeThatCannotBeMadeIsRefusedWithAProblem() throws Exception {
    try (LocalKvCluster cluster = operated(LocalKvCluster.start(dir, 2, 0))) {
      String admin = cluster.coordinatorUrl() + "/admin/membership/";
      Http.Res member =
          Http.post(
              admin + "join", "{\"id\":\"node-a\",\"url\":\"" + cluster.nodeUrls().get(0) + "\"}");
      assertThat(member.status()).isEqualTo(409);
      assertThat(member.body().path("type").asString()).endsWith("kv-membership-conflict");
      Http.Res stranger = Http.post(admin + "leave", "{\"id\":\"node-z\"}");
      assertThat(stranger.status()).isEqualTo(404);
      assertThat(stranger.body().path("type").asString()).endsWith("kv-no-such-member");
      Http.Res tooFew = Http.post(admin + "leave", "{\"id\":\"node-a\"}");
      assertThat(tooFew.status()).isEqualTo(422);
      assertThat(tooFew.body().path("detail").asString()).contains("would leave 1 nodes");
      assertThat(Http.post(admin + "join", "{\"id\":\"node-x\",\"url\":\"ftp://x\"}").status())
          .isEqualTo(400);
      assertThat(Http.post(admin + "leave", "{\"id\":42}").status()).isEqualTo(400);
      assertThat(Http.post(admin + "leave", "not json").status()).isEqualTo(400);
      Http.Res client =
          Http.send(
              HttpRequest.newBuilder(URI.create(admin + "leave"))
                  .header("Authorization", "Bearer " + cluster.clientToken())
                  .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"node-a\"}")));
      assertThat(client.status())
          .as("a client of the data may not change the cluster")
          .isEqualTo(401);
      assertThat(client.body().path("detail").asString()).contains("KV_NODE_TOKEN");
      JsonNode m = Http.get(cluster.coordinatorUrl() + "/admin/membership").body();
      assertThat(m.path("membership").path("epoch").asLong()).isZero();
      assertThat(m.path("change").isNull()).isTrue();
    }
  }

  @Test
  void aJoinThatCannotFinishKeepsTheClusterServingAndCanBeAborted() throws Exception {
    try (LocalKvCluster cluster = operated(LocalKvCluster.start(dir));
        HttpKvClient kv = cluster.newClient()) {
      String admin = cluster.coordinatorUrl() + "/admin/membership";
      String nowhere = "http://127.0.0.1:" + KvProcess.freePort();
      Http.Res joined =
          Http.post(admin + "/join", "{\"id\":\"node-x\",\"url\":\"" + nowhere + "\"}");
      assertThat(joined.status()).as(joined.raw()).isEqualTo(202);
      assertThat(
              Http.eventually(
                  CHANGE,
                  () ->
                      Http.get(admin)
                          .body()
                          .path("change")
                          .path("waiting_for")
                          .toString()
                          .contains("node-x")))
          .as("the change waits for the node it adds")
          .isTrue();

      kv.put("meanwhile", IntNode.valueOf(1)).block();
      assertThat(kv.get("meanwhile").block().orElseThrow().value().asInt()).isEqualTo(1);
      Http.Res another = Http.post(admin + "/leave", "{\"id\":\"node-a\"}");
      assertThat(another.status()).isEqualTo(409);
      assertThat(another.body().path("detail").asString()).contains("under way");

      Http.Res aborted = Http.post(admin + "/abort", "");
      assertThat(aborted.status()).as(aborted.raw()).isEqualTo(202);
      awaitDone(cluster.coordinatorUrl());
      JsonNode m = Http.get(admin).body();
      assertThat(m.path("change").path("action").asString()).isEqualTo("abort");
      assertThat(m.path("membership").path("phase").asString()).isEqualTo("stable");
      assertThat(m.path("membership").path("members").findValuesAsString("id"))
          .containsExactly("node-a", "node-b", "node-c");
      kv.put("after", IntNode.valueOf(2)).block();
      assertThat(kv.get("meanwhile").block().orElseThrow().value().asInt()).isEqualTo(1);
      assertThat(kv.get("after").block().orElseThrow().value().asInt()).isEqualTo(2);
      assertThat(Http.post(admin + "/abort", "").status())
          .as("nothing left to abort")
          .isEqualTo(409);
    }
  }

  @Test
  void aChangeWhoseCoordinatorStoppedResumesThroughAnother() throws Exception {
    try (LocalKvCluster cluster = operated(LocalKvCluster.start(dir));
        HttpKvClient kv = cluster.newClient()) {
      CoordinatorServer second = cluster.addCoordinator();
      String secondUrl = "http://127.0.0.1:" + second.port();
      Http.authorize(secondUrl, cluster.nodeToken());
      for (int i = 0; i < PRELOADED; i++) {
        kv.put("pre:" + i, IntNode.valueOf(i)).block();
      }
      // the node is not up yet: the change installs its first step on the members and waits
      int port = KvProcess.freePort();
      String join = "{\"id\":\"node-d\",\"url\":\"http://127.0.0.1:" + port + "\"}";
      String admin = cluster.coordinatorUrl() + "/admin/membership";
      assertThat(Http.post(admin + "/join", join).status()).isEqualTo(202);
      assertThat(
              Http.eventually(
                  CHANGE,
                  () ->
                      Http.get(secondUrl + "/admin/membership")
                          .body()
                          .path("membership")
                          .path("phase")
                          .asString()
                          .equals("copying")))
          .as("the other coordinator plans with the change's first step")
          .isTrue();
      cluster.stopCoordinator(0);
      cluster.addNode(port);

      Http.Res resumed = Http.post(secondUrl + "/admin/membership/join", join);
      assertThat(resumed.status()).as(resumed.raw()).isEqualTo(202);
      awaitDone(secondUrl);
      JsonNode m = Http.get(secondUrl + "/admin/membership").body().path("membership");
      assertThat(m.path("epoch").asLong()).isEqualTo(4);
      assertThat(m.path("members").findValuesAsString("id"))
          .containsExactlyInAnyOrder("node-a", "node-b", "node-c", "node-d");
      assertThat(homesWithout(cluster, second, "pre:", PRELOADED)).isEmpty();
      cluster.startCoordinator(0);
      assertThat(
              Http.eventually(
                  CHANGE,
                  () ->
                      Http.get(cluster.coordinatorUrl() + "/admin/membership")
                              .body()
                              .path("membership")
                              .path("epoch")
                              .asLong()
                          == 4))
          .as("a coordinator started from the old BACKENDS learns the membership from the nodes")
          .isTrue();
    }
  }

  /** Requests to the cluster's first coordinator carry the operators' token, the nodes'. */
  private static LocalKvCluster operated(LocalKvCluster cluster) {
    Http.authorize(cluster.coordinatorUrl(), cluster.nodeToken());
    return cluster;
  }

  private static void awaitDone(String coordinatorUrl) {
    assertThat(
            Http.eventually(
                CHANGE,
                () -> {
                  JsonNode change =
                      Http.get(coordinatorUrl + "/admin/membership").body().path("change");
                  assertThat(change.path("step").asString()).isNotEqualTo("failed");
                  return change.path("step").asString().equals("done");
                }))
        .as("the change finished")
        .isTrue();
  }

  /** Keys of {@code prefix}0..count-1 that a home of {@code coordinator}'s serving ring lacks. */
  private static List<String> homesWithout(
      LocalKvCluster cluster, CoordinatorServer coordinator, String prefix, int count) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String key = prefix + i;
      for (NodeRef home : coordinator.coordinator().placement().serving().preferenceList(key, 2)) {
        Optional<StoredRecord> copy =
            cluster.nodes().stream()
                .filter(n -> n != null && n.config().nodeId().equals(home.id()))
                .findFirst()
                .flatMap(n -> n.store().get(key));
        if (copy.filter(StoredRecord::live).isEmpty()) {
          out.add(key + "@" + home.id());
        }
      }
    }
    return out;
  }
}
