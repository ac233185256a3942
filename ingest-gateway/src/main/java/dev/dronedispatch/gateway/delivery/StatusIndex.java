package dev.dronedispatch.gateway.delivery;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The gateway's stand-in for the index by status the KV does not have: the ids of the deliveries in
 * progress (assigned or in flight) and of the failed ones (the latest heard first), as the event
 * hub folds them from deliveries.status, the same on every instance. The listings read the
 * documents and keep those that agree.
 */
public record StatusIndex(Supplier<Set<String>> active, Supplier<List<String>> failed) {}
