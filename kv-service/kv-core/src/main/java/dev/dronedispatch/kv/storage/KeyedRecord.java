package dev.dronedispatch.kv.storage;

/** A record with its key, as scans and batch reads answer them. */
public record KeyedRecord(String key, StoredRecord record) {}
