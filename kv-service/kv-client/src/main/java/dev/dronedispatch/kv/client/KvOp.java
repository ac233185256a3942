package dev.dronedispatch.kv.client;

import tools.jackson.databind.JsonNode;

/**
 * One operation of a {@link KvClient#batch}: the single-key calls' kinds, with their arguments and
 * their guarantees. Create-if-absent, CAS by version or value, and fenced CAS are all {@link
 * CompareAndSet}s, as with {@link KvClient#compareAndSet}.
 */
public sealed interface KvOp {

  String key();

  /** As {@link KvClient#get}. */
  record Get(String key) implements KvOp {}

  /** As {@link KvClient#put}. */
  record Put(String key, JsonNode value) implements KvOp {}

  /** As {@link KvClient#delete}. */
  record Delete(String key) implements KvOp {}

  /** As {@link KvClient#compareAndSet}. */
  record CompareAndSet(CasRequest request) implements KvOp {
    @Override
    public String key() {
      return request.key();
    }
  }

  static KvOp get(String key) {
    return new Get(key);
  }

  static KvOp put(String key, JsonNode value) {
    return new Put(key, value);
  }

  static KvOp delete(String key) {
    return new Delete(key);
  }

  /** Writes {@code value} only if the key is absent. */
  static KvOp create(String key, JsonNode value) {
    return new CompareAndSet(CasRequest.of(key, Expectation.absent(), value));
  }

  /** Writes {@code value} only if the key is live at exactly {@code version}. */
  static KvOp casAtVersion(String key, long version, JsonNode value) {
    return new CompareAndSet(CasRequest.of(key, Expectation.version(version), value));
  }

  /** Any compare-and-set, fenced ones ({@link CasRequest#fencedBy}) included. */
  static KvOp cas(CasRequest request) {
    return new CompareAndSet(request);
  }
}
