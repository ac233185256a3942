package dev.dronedispatch.gateway.stream;

import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.events.FleetEvent;

/**
 * One /stream event before encoding: its kind, the Kafka position it came from (partition -1 and
 * offset -1 for KPIs) and its payload.
 */
public record StreamEvent(EventKind kind, int partition, long offset, Object data) {

  /** The {@code reason} of the event that announces a new order. */
  public static final String REQUESTED_REASON = "requested";

  /**
   * The event a decoded record of one of the hub's topics, read at {@code offset} of {@code
   * partition}, is sent as (a new order as {@link #requested}). Pure.
   */
  public static StreamEvent of(int partition, long offset, Object event) {
    if (event instanceof DeliveryRequested r) {
      return requested(partition, offset, r);
    }
    if (event instanceof DeliveryStatusChanged) {
      return new StreamEvent(EventKind.DELIVERY, partition, offset, event);
    }
    if (event instanceof FleetEvent) {
      return new StreamEvent(EventKind.FLEET, partition, offset, event);
    }
    if (event instanceof DroneTelemetry) {
      return new StreamEvent(EventKind.TELEMETRY, partition, offset, event);
    }
    throw new IllegalArgumentException("not an event of the stream's topics: " + event);
  }

  public static StreamEvent kpi(Kpis kpis) {
    return new StreamEvent(EventKind.KPI, -1, -1, kpis);
  }

  /**
   * A new order, read at {@code offset} of deliveries.requested, as the status change clients
   * already read for every other step: it enters {@code pending}, at the instant it was requested,
   * for the reason {@value #REQUESTED_REASON} (a delivery the dispatcher puts back in the queue has
   * the reason {@code pending}). Pure.
   */
  public static StreamEvent requested(int partition, long offset, DeliveryRequested r) {
    return new StreamEvent(
        EventKind.REQUESTED,
        partition,
        offset,
        new DeliveryStatusChanged(
            r.id(),
            DeliveryStatus.PENDING,
            null,
            null,
            r.requestedAt(),
            r.requestedAt(),
            REQUESTED_REASON,
            null));
  }
}
