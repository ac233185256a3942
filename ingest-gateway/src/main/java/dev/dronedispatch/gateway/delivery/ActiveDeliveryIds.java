package dev.dronedispatch.gateway.delivery;

import java.util.Set;

/**
 * The ids of the deliveries in progress (assigned or in flight) as the gateway's event hub folds
 * them from deliveries.status, the same on every instance; the KV has no index by status.
 */
@FunctionalInterface
public interface ActiveDeliveryIds {

  Set<String> current();
}
