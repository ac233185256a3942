package dev.dronedispatch.gateway.delivery;

import dev.dronedispatch.model.delivery.DeliveryDocument;
import java.util.List;

/** GET /deliveries: {@code {count, items}}, newest first. */
public record DeliveryPage(int count, List<DeliveryDocument> items) {

  public DeliveryPage {
    items = List.copyOf(items);
  }
}
