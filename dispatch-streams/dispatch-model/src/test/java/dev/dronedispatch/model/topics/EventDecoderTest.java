package dev.dronedispatch.model.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dronedispatch.model.Samples;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventDecoderTest {

  @Test
  void everyTopicsEventDecodesToItsType() {
    assertThat(decode(Topics.DELIVERIES_REQUESTED, Samples.requested()))
        .isEqualTo(Samples.requested());
    assertThat(decode(Topics.DELIVERIES_STATUS, Samples.assigned())).isEqualTo(Samples.assigned());
    assertThat(decode(Topics.FLEET_EVENTS, Samples.fleetEvent())).isEqualTo(Samples.fleetEvent());
    assertThat(decode(Topics.DRONES_TELEMETRY, Samples.telemetry())).isEqualTo(Samples.telemetry());
  }

  @Test
  void aTombstoneDecodesToNull() {
    for (Topic<String, ?> topic : Topics.ALL) {
      assertThat(EventDecoder.decode(topic.name(), null)).isNull();
    }
  }

  /** Not JSON, JSON of another shape, and an object without what names the event. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "deliveries.requested | not json        | cannot read DeliveryRequested",
        "deliveries.requested | [1, 2]          | cannot read DeliveryRequested",
        "deliveries.requested | {\"weight\": 2} | names no id",
        "deliveries.status    | {\"delivery_id\": | cannot read DeliveryStatusChanged",
        "deliveries.status    | {\"delivery_id\": \"d-1\"} | names no delivery_id or no status",
        "fleet.events         | {\"drone_id\": \"drone-2\", \"from\": \"inactive\"} | names no drone_id or no to",
        "drones.telemetry     | {\"battery\": 50} | names no drone_id",
        "drones.telemetry     | \"a string\"    | cannot read DroneTelemetry",
      })
  void whatNoConsumerCanUseFailsAsASerializationError(String topic, String value, String why) {
    assertThatThrownBy(() -> EventDecoder.decode(topic, value.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(why);
  }

  @Test
  void aTopicOutsideTheContractIsRefused() {
    assertThatThrownBy(() -> EventDecoder.decode("other", new byte[] {'{', '}'}))
        .isInstanceOf(SerializationException.class);
  }

  private static <V> Object decode(Topic<String, V> topic, V event) {
    return EventDecoder.decode(
        topic.name(), topic.valueSerde().serializer().serialize(topic.name(), event));
  }
}
