package dev.dronedispatch.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.model.Samples;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.zones.ZoneGrid;
import dev.dronedispatch.model.zones.ZonesConfig;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class JsonRoundTripTest {

  static Stream<Object> everyRecord() {
    return Stream.of(
        Samples.requested(),
        Samples.deliveryDocument(),
        Samples.droneDocument(),
        Samples.telemetry(),
        Samples.assigned(),
        Samples.fleetEvent(),
        ZoneGrid.rome(2, 2));
  }

  @ParameterizedTest
  @MethodSource("everyRecord")
  void everyRecordSurvivesAJsonRoundTrip(Object record) {
    String json = Json.mapper().writeValueAsString(record);
    Object back = Json.mapper().readValue(json, record.getClass());
    assertThat(back).isEqualTo(record);
  }

  @ParameterizedTest
  @MethodSource("everyRecord")
  void fieldNamesAreSnakeCaseAtEveryDepth(Object record) {
    assertSnakeCase(Json.mapper().valueToTree(record));
  }

  private static void assertSnakeCase(JsonNode node) {
    if (node.isArray()) {
      node.forEach(JsonRoundTripTest::assertSnakeCase);
    }
    if (node.isObject()) {
      node.properties()
          .forEach(
              e -> {
                assertThat(e.getKey()).matches("[a-z0-9_]+");
                // adjacency is a map keyed by zone name, data rather than field names
                if (!e.getKey().equals("adjacency")) {
                  assertSnakeCase(e.getValue());
                }
              });
    }
  }

  @Test
  void deliveryDocumentUsesTheOriginalsWireValues() {
    JsonNode tree = Json.mapper().valueToTree(Samples.deliveryDocument());
    assertThat(tree.get("status").asString()).isEqualTo("in_flight");
    assertThat(tree.get("leg").asString()).isEqualTo("to_destination");
    assertThat(tree.get("weight_class").asString()).isEqualTo("light");
    assertThat(tree.get("drone_id").asString()).isEqualTo("drone-7");
    assertThat(tree.get("timestamp").isNumber()).isTrue();
    assertThat(tree.get("requested_at").asString()).isEqualTo("2026-11-23T10:15:30.250Z");
    assertThat(tree.get("origin").get("lat").asDouble()).isEqualTo(41.9021);
  }

  @Test
  void aPendingDeliveryHasANullDroneAndNoLeg() {
    DeliveryDocument pending = DeliveryDocument.pending(Samples.requested());
    JsonNode tree = Json.mapper().valueToTree(pending);
    assertThat(tree.get("status").asString()).isEqualTo("pending");
    assertThat(tree.get("drone_id").isNull()).isTrue();
    assertThat(tree.get("timestamp").asDouble()).isEqualTo(Samples.T0.toEpochMilli() / 1000.0);
  }

  @Test
  void unknownFieldsAreIgnoredSoOlderReadersSurviveNewerWriters() {
    String json =
        "{\"drone_id\":\"drone-9\",\"from\":\"idle\",\"to\":\"charging\",\"reason\":\"x\","
            + "\"ts\":\"2026-11-23T10:15:30Z\",\"added_later\":42}";
    assertThat(Json.mapper().readValue(json, dev.dronedispatch.model.events.FleetEvent.class).to())
        .hasToString("CHARGING");
  }

  @Test
  void zonesConfigReadsBackTheOriginalsShape() {
    ZonesConfig config = ZoneGrid.rome(2, 2);
    JsonNode tree = Json.mapper().valueToTree(config);
    assertThat(tree.get("zones").get(0).get("bounds").has("lat_min")).isTrue();
    assertThat(tree.get("adjacency").get("zone 0").get(0).asString()).isEqualTo("zone 2");
    assertThat(tree.get("rows").asInt()).isEqualTo(2);
  }
}
