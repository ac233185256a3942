package dev.dronedispatch.dispatch.topology;

import dev.dronedispatch.dispatch.backlog.BacklogReport;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DeliveryWaiting;
import dev.dronedispatch.model.events.FleetEvent;

/** What a dispatch processor emits; the topology routes each kind to its topic. */
public sealed interface Outbound {

  record Status(DeliveryStatusChanged event) implements Outbound {}

  record Fleet(FleetEvent event) implements Outbound {}

  record Waiting(DeliveryWaiting event) implements Outbound {}

  record Backlog(BacklogReport report) implements Outbound {}
}
