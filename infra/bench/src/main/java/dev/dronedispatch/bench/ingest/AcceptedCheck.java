package dev.dronedispatch.bench.ingest;

import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.http.HttpKvClient;
import dev.dronedispatch.kv.client.http.KvClientSettings;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.model.topics.Topics;
import dev.dronedispatch.ops.replay.ReplayQuery;
import dev.dronedispatch.ops.replay.TopicReplay;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The promise of a 201, checked afterwards: every delivery answered 201 has its document in the KV
 * and its request event on {@code deliveries.requested}. Answers the ids missing from either.
 */
final class AcceptedCheck {

  private static final int BATCH = 500;

  private AcceptedCheck() {}

  static Set<String> lost(
      Set<String> accepted, String kvUrl, String kvToken, String kafkaBootstrap) {
    Set<String> published = new HashSet<>();
    new TopicReplay(kafkaBootstrap)
        .replay(
            ReplayQuery.window(
                Topics.DELIVERIES_REQUESTED.name(), Optional.empty(), Optional.empty()),
            r -> published.add(r.key()));
    Set<String> lost = new HashSet<>();
    List<String> ids = new ArrayList<>(accepted);
    try (KvClient kv =
        HttpKvClient.create(kvUrl, KvClientSettings.defaults().withAuthToken(kvToken))) {
      for (int from = 0; from < ids.size(); from += BATCH) {
        List<String> chunk = ids.subList(from, Math.min(ids.size(), from + BATCH));
        Map<String, KvEntry> stored =
            kv.getAll(chunk.stream().map(KvKeys::delivery).toList()).block();
        for (String id : chunk) {
          if (!stored.containsKey(KvKeys.delivery(id)) || !published.contains(id)) {
            lost.add(id);
          }
        }
      }
    }
    return lost;
  }
}
