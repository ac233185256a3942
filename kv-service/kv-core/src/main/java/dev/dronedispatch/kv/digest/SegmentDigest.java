package dev.dronedispatch.kv.digest;

/**
 * The records one node holds in one ring segment, summarised: how many, and the wrapping sum of
 * their {@link RecordVersion} fingerprints. A sum does not depend on the order records are met in,
 * so two replicas holding the same copies have equal digests whatever their storage order.
 */
public record SegmentDigest(long count, long sum) {}
