package dev.dronedispatch.kv.hints;

import dev.dronedispatch.kv.storage.StoredRecord;

/** A write owed to node {@code nodeId} for {@code key}: the newest record it missed. */
public record Hint(String nodeId, String key, StoredRecord record) {}
