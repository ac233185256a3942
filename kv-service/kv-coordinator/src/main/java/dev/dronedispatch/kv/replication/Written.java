package dev.dronedispatch.kv.replication;

import dev.dronedispatch.kv.storage.StoredRecord;

/** An acknowledged write: copies on disk, the effective RF, the stored record, degraded or not. */
public record Written(int written, int rf, StoredRecord record, boolean degraded) {}
