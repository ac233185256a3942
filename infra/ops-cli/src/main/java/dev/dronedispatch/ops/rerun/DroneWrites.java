package dev.dronedispatch.ops.rerun;

import dev.dronedispatch.kv.client.CasRequest;
import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.ForwardingKvClient;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.KvOpResult;
import dev.dronedispatch.kv.client.WriteResult;
import dev.dronedispatch.model.kv.KvKeys;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Notes which drone documents the replayed dispatcher wrote, so the rerun puts the recorded ones
 * back before the next decision: each decision is re-made against the fleet the recording shows.
 */
final class DroneWrites extends ForwardingKvClient {

  private final Set<String> written = new HashSet<>();

  DroneWrites(KvClient delegate) {
    super(delegate);
  }

  @Override
  public Mono<WriteResult> put(String key, JsonNode value) {
    note(key);
    return super.put(key, value);
  }

  @Override
  public Mono<WriteResult> delete(String key) {
    note(key);
    return super.delete(key);
  }

  @Override
  public Mono<CasResult> compareAndSet(CasRequest request) {
    note(request.key());
    return super.compareAndSet(request);
  }

  @Override
  public Mono<List<KvOpResult>> batch(List<KvOp> ops) {
    for (KvOp op : ops) {
      if (!(op instanceof KvOp.Get)) {
        note(op.key());
      }
    }
    return super.batch(ops);
  }

  /** The ids of the drones written since the last call. */
  synchronized Set<String> drain() {
    Set<String> ids = new HashSet<>(written);
    written.clear();
    return ids;
  }

  private synchronized void note(String key) {
    if (key.startsWith(KvKeys.DRONE_PREFIX)) {
      written.add(key.substring(KvKeys.DRONE_PREFIX.length()));
    }
  }
}
