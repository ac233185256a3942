package dev.dronedispatch.gateway.kafka;

import dev.dronedispatch.model.delivery.DeliveryRequested;
import reactor.core.publisher.Mono;

/** Puts a delivery request on {@code deliveries.requested}; completes once the broker acked it. */
public interface DeliveryPublisher {
  Mono<Void> publish(DeliveryRequested event);
}
