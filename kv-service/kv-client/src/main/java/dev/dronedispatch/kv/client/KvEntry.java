package dev.dronedispatch.kv.client;

import tools.jackson.databind.JsonNode;

/**
 * A live value with its per-key version (increases by one per accepted change) and its
 * hybrid-logical-clock timestamp (the last-write-wins order).
 */
public record KvEntry(String key, JsonNode value, long version, long ts) {}
