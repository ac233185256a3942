package dev.dronedispatch.kv.embedded;

import static dev.dronedispatch.kv.embedded.Http.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.client.http.HttpKvClient;
import dev.dronedispatch.kv.node.NodeServer;
import dev.dronedispatch.kv.storage.StoredRecord;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.IntNode;

/**
 * A node misses writes while it is down and the hints that would have brought them are lost with
 * the coordinator's disk: anti-entropy alone, with no read of any key, makes every key's home
 * replicas hold its newest copy again, and the copies the stand-ins kept (their hints lost too) are
 * dropped. Each node's storage is read directly.
 */
class AntiEntropyTest {

  @TempDir Path dir;

  private static final int KEYS = 600;
  private static final int DOWN = 1; // node-b

  @Test
  void replicasConvergeWithoutReadsAfterTheHintsAreLost() throws IOException {
    try (LocalKvCluster cluster = LocalKvCluster.start(dir)) {
      try (HttpKvClient kv = cluster.newClient()) {
        for (int i = 0; i < KEYS / 2; i++) {
          kv.put("before-" + i, IntNode.valueOf(i)).block();
        }
        cluster.stopNode(DOWN);
        assertThat(eventually(Duration.ofSeconds(10), () -> !nodeUp(cluster, "node-b"))).isTrue();
        for (int i = 0; i < KEYS / 2; i++) {
          kv.put("before-" + i, IntNode.valueOf(-i)).block(); // node-b keeps the older copy
          kv.put("during-" + i, IntNode.valueOf(i)).block(); // node-b has none
          if (i % 10 == 0) {
            kv.delete("during-" + i).block(); // a tombstone must travel too
          }
        }
      }
      assertThat(cluster.coordinator().hints().count()).isPositive();
      cluster.stopCoordinator();
      deleteTree(dir.resolve("coordinator").resolve("hints"));
      cluster.startNode(DOWN);
      cluster.startCoordinator(c -> c.withAntiEntropyInterval(Duration.ofMillis(500)));
      assertThat(cluster.coordinator().hints().count()).isZero();

      List<String> keys = new ArrayList<>();
      for (int i = 0; i < KEYS / 2; i++) {
        keys.add("before-" + i);
        keys.add("during-" + i);
      }
      assertThat(eventually(Duration.ofSeconds(30), () -> diverged(cluster, keys).isEmpty()))
          .as("keys whose home replicas differ: %s", diverged(cluster, keys))
          .isTrue();
      // and the stand-ins' copies, whose hints were lost, are gone once the homes hold them
      assertThat(eventually(Duration.ofSeconds(30), () -> strays(cluster, keys).isEmpty()))
          .as("keys held outside their homes: %s", strays(cluster, keys))
          .isTrue();
      MeterRegistry metrics = cluster.coordinator().registry();
      assertThat(metrics.get("kv.antientropy.keys.divergent").counter().count())
          .isGreaterThanOrEqualTo(KEYS * 0.2);
      assertThat(metrics.get("kv.antientropy.copies.repaired").counter().count())
          .isGreaterThanOrEqualTo(KEYS * 0.2);
      assertThat(metrics.get("kv.antientropy.copies.released").counter().count()).isPositive();
    }
  }

  /** Keys whose home replicas do not all hold the same copy. */
  private static List<String> diverged(LocalKvCluster cluster, List<String> keys) {
    List<String> out = new ArrayList<>();
    for (String key : keys) {
      List<Optional<StoredRecord>> copies =
          cluster.coordinator().coordinator().placement().serving().preferenceList(key, 2).stream()
              .map(home -> copyOn(cluster, home.id(), key))
              .toList();
      if (copies.stream().anyMatch(Optional::isEmpty)
          || copies.stream().map(c -> c.get().ts()).distinct().count() > 1) {
        out.add(key);
      }
    }
    return out;
  }

  /** Keys some node outside their home replicas still holds. */
  private static List<String> strays(LocalKvCluster cluster, List<String> keys) {
    List<String> out = new ArrayList<>();
    for (String key : keys) {
      Set<String> homes = new HashSet<>();
      cluster
          .coordinator()
          .coordinator()
          .placement()
          .serving()
          .preferenceList(key, 2)
          .forEach(n -> homes.add(n.id()));
      for (NodeServer n : cluster.nodes()) {
        if (!homes.contains(n.config().nodeId()) && n.store().get(key).isPresent()) {
          out.add(key + "@" + n.config().nodeId());
        }
      }
    }
    return out;
  }

  private static Optional<StoredRecord> copyOn(LocalKvCluster cluster, String nodeId, String key) {
    for (NodeServer n : cluster.nodes()) {
      if (n != null && n.config().nodeId().equals(nodeId)) {
        return n.store().get(key);
      }
    }
    throw new IllegalStateException(nodeId + " is not running");
  }

  private static boolean nodeUp(LocalKvCluster cluster, String nodeId) {
    return cluster.coordinator().coordinator().placement().serving().nodes().stream()
        .filter(n -> n.id().equals(nodeId))
        .allMatch(n -> cluster.coordinator().coordinator().health().isUp(n));
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
