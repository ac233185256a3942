package dev.dronedispatch.model.topics;

import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DroneTelemetry;
import dev.dronedispatch.model.events.FleetEvent;
import java.util.function.Predicate;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Decodes the values of the contract's topics for the plain consumers (fleet simulator, gateway,
 * order generator) with the topics' own serdes, and refuses an event that lacks what names it and
 * its news: a request's {@code id}, a status event's {@code delivery_id} and {@code status}, a
 * fleet event's {@code drone_id} and {@code to}, telemetry's {@code drone_id}. Such a value, like
 * one that is not such JSON, fails with Kafka's {@link SerializationException}: no consumer can use
 * it, so it goes to the topic's dead-letter topic. A null value (a tombstone) decodes to null.
 */
public final class EventDecoder {

  private EventDecoder() {}

  /** The event of {@code value}, read from {@code topic}: one of the four topics' value types. */
  public static Object decode(String topic, byte[] value) {
    if (topic.equals(Topics.DELIVERIES_REQUESTED.name())) {
      return requested(topic, value);
    }
    if (topic.equals(Topics.DELIVERIES_STATUS.name())) {
      return status(topic, value);
    }
    if (topic.equals(Topics.FLEET_EVENTS.name())) {
      return fleet(topic, value);
    }
    if (topic.equals(Topics.DRONES_TELEMETRY.name())) {
      return telemetry(topic, value);
    }
    throw new SerializationException("not a topic of the contract: " + topic);
  }

  public static DeliveryRequested requested(String topic, byte[] value) {
    return checked(Topics.DELIVERIES_REQUESTED, topic, value, e -> e.id() != null, "request", "id");
  }

  public static DeliveryStatusChanged status(String topic, byte[] value) {
    return checked(
        Topics.DELIVERIES_STATUS,
        topic,
        value,
        e -> e.deliveryId() != null && e.status() != null,
        "status event",
        "delivery_id or no status");
  }

  public static FleetEvent fleet(String topic, byte[] value) {
    return checked(
        Topics.FLEET_EVENTS,
        topic,
        value,
        e -> e.droneId() != null && e.to() != null,
        "fleet event",
        "drone_id or no to status");
  }

  public static DroneTelemetry telemetry(String topic, byte[] value) {
    return checked(
        Topics.DRONES_TELEMETRY, topic, value, e -> e.droneId() != null, "telemetry", "drone_id");
  }

  private static <V> V checked(
      Topic<String, V> type,
      String topic,
      byte[] value,
      Predicate<V> complete,
      String what,
      String missing) {
    V e = type.valueSerde().deserializer().deserialize(topic, value);
    if (e != null && !complete.test(e)) {
      throw new SerializationException(what + " on " + topic + " names no " + missing + ": " + e);
    }
    return e;
  }
}
