package dev.dronedispatch.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kafka.listener.TopicRecords;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Many keys at once, each sent concurrently by several clients through all three gateways: every
 * key yields exactly one delivery, stored once and published once, however the one-batch claims
 * collide (the losers' writes are undone).
 */
class IdempotencyUnderLoadTest {

  private static final int KEYS = 40;
  private static final int CLIENTS_PER_KEY = 6;

  @Test
  void eachKeySentConcurrentlyByManyClientsYieldsOneDelivery() throws Exception {
    GatewayCluster cluster = GatewayCluster.get();
    // a longitude no other test uses marks this test's orders in the KV
    double marker =
        Double.parseDouble(
            String.format(
                Locale.ROOT, "%.6f", 12.45 + ThreadLocalRandom.current().nextInt(100_000) / 1e6));
    Map<String, String> bodies = new HashMap<>();
    for (int k = 0; k < KEYS; k++) {
      bodies.put(
          "load-" + UUID.randomUUID(),
          Orders.body(new double[] {41.85 + k * 1e-4, marker}, new double[] {41.9, 12.5}, 2.5));
    }
    List<GatewayCluster.Gateway> gateways = cluster.gateways();
    ExecutorService pool = Executors.newFixedThreadPool(48);
    Map<String, List<Future<Http.Response>>> answers = new HashMap<>();
    try {
      int n = 0;
      for (int c = 0; c < CLIENTS_PER_KEY; c++) {
        for (Map.Entry<String, String> e : bodies.entrySet()) {
          String url = gateways.get(n++ % gateways.size()).url() + "/deliveries";
          answers
              .computeIfAbsent(e.getKey(), k -> new ArrayList<>())
              .add(
                  pool.submit(
                      () ->
                          Http.postJson(url, e.getValue(), Map.of("Idempotency-Key", e.getKey()))));
        }
      }
      Set<String> ids = new HashSet<>();
      for (Map.Entry<String, List<Future<Http.Response>>> e : answers.entrySet()) {
        Set<String> idsOfKey = new HashSet<>();
        int created = 0;
        for (Future<Http.Response> f : e.getValue()) {
          Http.Response r = f.get();
          assertThat(r.status()).as("key %s", e.getKey()).isIn(200, 201, 409);
          if (r.status() == 201) {
            created++;
          }
          if (r.status() != 409) {
            idsOfKey.add(r.json().get("id").asString());
          }
        }
        assertThat(created).as("201s for key %s", e.getKey()).isEqualTo(1);
        assertThat(idsOfKey).as("ids for key %s", e.getKey()).hasSize(1);
        ids.addAll(idsOfKey);
      }
      assertThat(ids).hasSize(KEYS);

      List<String> stored =
          Kv.scanAll(cluster.kv(), "delivery:").stream()
              .map(e -> Json.mapper().treeToValue(e.value(), DeliveryDocument.class))
              .filter(d -> d.origin() != null && d.origin().lon() == marker)
              .map(DeliveryDocument::id)
              .toList();
      assertThat(stored).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(Kv.scanAll(cluster.kv(), KvKeys.DELIVERIES_BY_TIME_PREFIX))
          .filteredOn(e -> stored.contains(e.value().asString()))
          .hasSize(KEYS);

      var published =
          TopicRecords.readUntil(
              cluster.kafka().bootstrapServers(),
              Topics.DELIVERIES_REQUESTED.name(),
              seen -> seen.stream().filter(r -> ids.contains(r.key())).count() >= KEYS,
              Duration.ofSeconds(30));
      assertThat(published.stream().map(r -> r.key()).filter(ids::contains).distinct())
          .hasSize(KEYS);
    } finally {
      pool.shutdownNow();
    }
  }
}
