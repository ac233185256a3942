package dev.dronedispatch.kv.client;

/**
 * The outcome of an acknowledged put or delete: how many replicas hold it durably out of {@code
 * rf}, and whether it was accepted with fewer copies than {@code rf} ({@code degraded}).
 */
public record WriteResult(int written, int rf, long version, long ts, boolean degraded) {}
