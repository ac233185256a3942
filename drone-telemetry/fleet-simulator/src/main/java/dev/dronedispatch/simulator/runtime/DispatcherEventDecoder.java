package dev.dronedispatch.simulator.runtime;

import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.topics.Topics;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes a value of {@code fleet.events} into a {@link FleetEvent} and one of {@code
 * deliveries.status} into a {@link DeliveryStatusChanged}, with the topics' own serdes. A value
 * that is not such JSON, or that lacks what the fleet needs to act on it (a fleet event's drone and
 * new status, a status event's delivery and status), fails with a {@link SerializationException}:
 * the simulator cannot use it, so it goes to the dead-letter topic. A null value (a tombstone)
 * decodes to null and is passed over.
 */
final class DispatcherEventDecoder implements Deserializer<Object> {

  private final Deserializer<FleetEvent> fleet = Topics.FLEET_EVENTS.valueSerde().deserializer();
  private final Deserializer<DeliveryStatusChanged> status =
      Topics.DELIVERIES_STATUS.valueSerde().deserializer();

  @Override
  public Object deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (topic.equals(Topics.FLEET_EVENTS.name())) {
      FleetEvent e = fleet.deserialize(topic, data);
      if (e == null || e.droneId() == null || e.to() == null) {
        throw new SerializationException(
            "fleet event on " + topic + " names no drone_id or no to status: " + e);
      }
      return e;
    }
    if (topic.equals(Topics.DELIVERIES_STATUS.name())) {
      DeliveryStatusChanged e = status.deserialize(topic, data);
      if (e == null || e.deliveryId() == null || e.status() == null) {
        throw new SerializationException(
            "status event on " + topic + " names no delivery_id or no status: " + e);
      }
      return e;
    }
    throw new SerializationException("not a topic the simulator follows: " + topic);
  }
}
