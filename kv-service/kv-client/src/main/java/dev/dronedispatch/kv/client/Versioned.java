package dev.dronedispatch.kv.client;

/** A typed document with the KV version it was read at (the CAS expectation for its update). */
public record Versioned<T>(T value, long version) {}
