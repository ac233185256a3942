package dev.dronedispatch.kv.embedded;

import static dev.dronedispatch.kv.embedded.Http.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.client.http.HttpKvClient;
import dev.dronedispatch.kv.hints.Hint;
import dev.dronedispatch.kv.node.NodeServer;
import dev.dronedispatch.kv.storage.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.IntNode;

/**
 * Writes taken by a stand-in while a replica was down end up on exactly their two home replicas
 * once the hint is delivered, without ever losing a newer write or leaving fewer copies than
 * before. Each node's storage is read directly.
 */
class StandInCleanupTest {

  @TempDir Path dir;

  static final Duration HANDOFF = Duration.ofSeconds(20);

  /** The ids of the nodes whose storage holds {@code key}. */
  static Set<String> holders(LocalKvCluster c, String key) {
    Set<String> out = new TreeSet<>();
    for (NodeServer n : c.nodes()) {
      if (n != null && n.store().get(key).isPresent()) {
        out.add(n.config().nodeId());
      }
    }
    return out;
  }

  static Set<String> homes(LocalKvCluster c, String key) {
    Set<String> out = new TreeSet<>();
    c.coordinator()
        .coordinator()
        .placement()
        .serving()
        .preferenceList(key, 2)
        .forEach(n -> out.add(n.id()));
    return out;
  }

  static int indexOf(String nodeId) {
    return nodeId.charAt(nodeId.length() - 1) - 'a';
  }

  /** A key whose home replicas are exactly {@code first} and {@code second}. */
  static String keyHomedOn(LocalKvCluster c, String prefix, String first, String second) {
    for (int i = 0; ; i++) {
      String key = prefix + i;
      if (homes(c, key).equals(Set.of(first, second))) {
        return key;
      }
    }
  }

  /** Polls {@code condition} for {@code period}: whether it held every time. */
  static boolean staysTrue(Duration period, BooleanSupplier condition) {
    long end = System.nanoTime() + period.toNanos();
    while (System.nanoTime() < end) {
      if (!condition.getAsBoolean()) {
        return false;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  static StoredRecord record(String json, long version, long ts) {
    return new StoredRecord(json.getBytes(StandardCharsets.UTF_8), version, ts, false);
  }

  @Test
  void everyKeyWrittenWhileANodeWasDownEndsOnExactlyItsHomeReplicas() {
    try (LocalKvCluster c = Http.authorize(LocalKvCluster.start(dir));
        HttpKvClient client = c.newClient()) {
      c.stopNode(1);
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        String key = "standin:" + i;
        assertThat(client.put(key, IntNode.valueOf(i)).block().written()).isEqualTo(2);
        keys.add(key);
      }
      List<String> owedToB = keys.stream().filter(k -> homes(c, k).contains("node-b")).toList();
      assertThat(owedToB).isNotEmpty();
      for (String key : owedToB) {
        assertThat(holders(c, key))
            .as(key + " is on a stand-in")
            .containsExactly("node-a", "node-c");
      }

      c.startNode(1);
      assertThat(eventually(HANDOFF, () -> c.coordinator().hints().count() == 0)).isTrue();

      for (String key : keys) {
        assertThat(holders(c, key)).as(key).isEqualTo(homes(c, key));
        for (String home : homes(c, key)) {
          StoredRecord r = c.nodes().get(indexOf(home)).store().get(key).orElseThrow();
          assertThat(new String(r.value(), StandardCharsets.UTF_8))
              .as(key + " on " + home)
              .isEqualTo(key.substring(key.indexOf(':') + 1));
        }
      }
      assertThat(Http.get(c.coordinatorUrl() + "/actuator/prometheus").raw())
          .contains("kv_hints_standin_released_total");
    }
  }

  @Test
  void aStandInKeepsAWriteNewerThanTheOneHandedBack() {
    try (LocalKvCluster c = Http.authorize(LocalKvCluster.start(dir))) {
      String key = keyHomedOn(c, "newer:", "node-a", "node-b");
      StoredRecord handedBack = record("1", 1, 1_000);
      StoredRecord newer = record("2", 2, 2_000);
      c.nodes().get(0).store().apply(key, handedBack);
      // node-c took the hinted write, then a newer one reached it before the hand-back
      c.nodes().get(2).store().apply(key, newer);
      c.coordinator().hints().add(new Hint("node-b", key, handedBack, Set.of("node-c")));

      assertThat(eventually(HANDOFF, () -> c.coordinator().hints().count() == 0)).isTrue();
      assertThat(c.nodes().get(1).store().get(key)).contains(handedBack);
      assertThat(c.nodes().get(2).store().get(key)).contains(newer);
    }
  }

  @Test
  void aStandInKeepsItsCopyUntilEveryHomeReplicaHasTheRecord() {
    try (LocalKvCluster c = Http.authorize(LocalKvCluster.start(dir));
        HttpKvClient client = c.newClient()) {
      String key = keyHomedOn(c, "copies:", "node-a", "node-b");
      c.stopNode(1);
      client.put(key, IntNode.valueOf(7)).block();
      assertThat(holders(c, key)).containsExactly("node-a", "node-c");

      // b comes back while a is gone: c's copy is one of the two the write has
      c.stopNode(0);
      c.startNode(1);
      assertThat(eventually(HANDOFF, () -> c.nodes().get(1).store().get(key).isPresent())).isTrue();
      assertThat(
              staysTrue(
                  Duration.ofSeconds(3), // three delivery rounds
                  () ->
                      c.coordinator().hints().get("node-b", key) != null
                          && holders(c, key).equals(Set.of("node-b", "node-c"))))
          .isTrue();

      c.startNode(0);
      assertThat(eventually(HANDOFF, () -> c.coordinator().hints().count() == 0)).isTrue();
      assertThat(holders(c, key)).containsExactly("node-a", "node-b");
    }
  }
}
