package dev.dronedispatch.dispatch.topology;

import dev.dronedispatch.dispatch.backlog.BacklogReport;
import dev.dronedispatch.dispatch.fleet.FleetTransition;
import dev.dronedispatch.dispatch.fleet.FleetView;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryStage;
import dev.dronedispatch.model.events.AssignmentDecision;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DeliveryWaiting;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What a dispatch task emits (delivery stages, waiting reasons, fleet events, backlog reports),
 * with the instance's fleet view kept in step with each drone decision it announces.
 */
final class DispatchOutput {

  private final ProcessorContext<String, Outbound> context;
  private final FleetView fleet;
  private final DispatchMetrics metrics;

  DispatchOutput(
      ProcessorContext<String, Outbound> context, FleetView fleet, DispatchMetrics metrics) {
    this.context = context;
    this.fleet = fleet;
    this.metrics = metrics;
  }

  /** The delivery entered {@code stage} at {@code at}; {@code decision} only on assignment. */
  void stage(ActiveDelivery a, DeliveryStage stage, Instant at, AssignmentDecision decision) {
    status(a.deliveryId(), a.droneId(), a.requestedAt(), stage, stage.reason(), at, decision);
  }

  /**
   * The delivery left its drone: handed back to pending, or failed, for {@code reason} (the event
   * names the drone it left).
   */
  void leftDrone(ActiveDelivery a, DeliveryStage stage, String reason, Instant at) {
    status(a.deliveryId(), a.droneId(), a.requestedAt(), stage, reason, at, null);
  }

  /** A delivery that waited for a drone failed, as {@code doc} says. */
  void failedWaiting(DeliveryDocument doc) {
    status(
        doc.id(),
        null,
        doc.requestedAt(),
        DeliveryStage.FAILED,
        doc.failureReason(),
        doc.failedAt(),
        null);
  }

  private void status(
      String deliveryId,
      String droneId,
      Instant requestedAt,
      DeliveryStage stage,
      String reason,
      Instant at,
      AssignmentDecision decision) {
    DeliveryStatusChanged e =
        new DeliveryStatusChanged(
            deliveryId, stage.status(), droneId, stage.leg(), at, requestedAt, reason, decision);
    context.forward(new Record<>(deliveryId, new Outbound.Status(e), at.toEpochMilli()));
  }

  /** Why a round left a delivery waiting (see {@link WaitingReasons}). */
  void waiting(DeliveryWaiting e) {
    context.forward(new Record<>(e.deliveryId(), new Outbound.Waiting(e), e.ts().toEpochMilli()));
  }

  /**
   * A drone status change, as the KV now holds it. {@code at} is taken before the KV write that
   * made the change: several tasks emit one drone's events and they can reach the topic out of
   * order, so readers order them by this stamp, and a causally later decision (made after this
   * write was seen) must carry a later one.
   */
  void fleetEvent(String droneId, DroneStatus from, DroneStatus to, String reason, Instant at) {
    metrics.transition(reason);
    context.forward(
        new Record<>(
            droneId,
            new Outbound.Fleet(new FleetEvent(droneId, from, to, reason, at)),
            at.toEpochMilli()));
  }

  /** A transition this task applied in the KV: announced, and laid over the fleet view. */
  void transitioned(FleetTransition t, Instant at) {
    fleet.onDecision(t.droneId(), t.to(), null, at);
    fleetEvent(t.droneId(), t.from(), t.to(), t.reason(), at);
  }

  /** What the KV answered about a drone, laid over the fleet view (nothing is emitted). */
  void learn(DroneDocument doc, Instant at) {
    fleet.onDecision(doc.id(), doc.status(), doc.currentDelivery(), at);
  }

  void backlog(BacklogReport report, long wallMs) {
    context.forward(new Record<>(DispatchTopology.FLEET_KEY, new Outbound.Backlog(report), wallMs));
  }
}
