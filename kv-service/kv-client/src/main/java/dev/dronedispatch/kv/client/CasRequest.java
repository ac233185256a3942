package dev.dronedispatch.kv.client;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** A compare-and-set: write {@code newValue} at {@code key} if {@code expected} holds. */
public record CasRequest(
    String key, Expectation expected, JsonNode newValue, Optional<Fence> fence) {

  public static CasRequest of(String key, Expectation expected, JsonNode newValue) {
    return new CasRequest(key, expected, newValue, Optional.empty());
  }

  public CasRequest fencedBy(LockLease lease) {
    return new CasRequest(key, expected, newValue, Optional.of(Fence.of(lease)));
  }
}
