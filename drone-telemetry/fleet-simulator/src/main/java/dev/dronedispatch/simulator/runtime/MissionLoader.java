package dev.dronedispatch.simulator.runtime;

import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.Versioned;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.simulator.fleet.MissionLookup;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Reads the delivery a busy drone carries, once per assignment: by id when {@code
 * deliveries.status} named it, otherwise through the drone document's {@code current_delivery}.
 */
final class MissionLoader {

  private final KvDocuments docs;

  MissionLoader(KvDocuments docs) {
    this.docs = docs;
  }

  Mono<Optional<DeliveryDocument>> load(MissionLookup lookup) {
    Mono<Optional<String>> id =
        lookup.deliveryId().isPresent()
            ? Mono.just(lookup.deliveryId())
            : docs.read(KvKeys.drone(lookup.droneId()), DroneDocument.class)
                .map(d -> d.map(Versioned::value).map(DroneDocument::currentDelivery));
    return id.flatMap(
        deliveryId ->
            deliveryId.isEmpty()
                ? Mono.just(Optional.<DeliveryDocument>empty())
                : docs.read(KvKeys.delivery(deliveryId.get()), DeliveryDocument.class)
                    .map(d -> d.map(Versioned::value)));
  }
}
