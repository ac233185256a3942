package dev.dronedispatch.kv.replication;

import tools.jackson.databind.JsonNode;

/**
 * The membership epoch requests to nodes are stamped with when no request set its own, and where a
 * node's newer membership goes when it refuses a request planned under an older one.
 */
public interface Epochs {

  long current();

  /** A node's installed membership, newer than the refused request's. */
  void learned(JsonNode membership);
}
