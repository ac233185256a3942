package dev.dronedispatch.simulator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.simulator.fleet.PhysicalFix;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class KvPhysicsWriterTest {

  private static final String DOC =
      """
      {"id":"drone-1","type":"light","status":"busy","battery":80.0,
       "pos":{"lat":41.9,"lon":12.5},"speed_kmh":72.0,"current_delivery":"d-1",
       "feas_miss":2,"feas_miss_set":["d-0","d-9"],"at_charge":false,"future_field":{"x":1}}
      """;

  @Test
  void replacesOnlyThePhysicalFieldsAndKeepsEveryOtherFieldAsRead() {
    JsonNode current = Json.mapper().readTree(DOC);
    PhysicalFix fix = new PhysicalFix("drone-1", new GeoPoint(41.91, 12.51), 75.5, true);

    JsonNode merged = KvPhysicsWriter.apply(Optional.of(current), fix).orElseThrow();

    assertThat(merged.get("pos").get("lat").doubleValue()).isEqualTo(41.91);
    assertThat(merged.get("battery").doubleValue()).isEqualTo(75.5);
    assertThat(merged.get("at_charge").booleanValue()).isTrue();
    for (String kept :
        new String[] {
          "id",
          "type",
          "status",
          "speed_kmh",
          "current_delivery",
          "feas_miss",
          "feas_miss_set",
          "future_field"
        }) {
      assertThat(merged.get(kept)).as(kept).isEqualTo(current.get(kept));
    }
    assertThat(current.get("battery").doubleValue()).as("input untouched").isEqualTo(80.0);
  }

  @Test
  void declinesWhenNothingChangedOrTheDocumentIsGone() {
    JsonNode current = Json.mapper().readTree(DOC);
    PhysicalFix same = new PhysicalFix("drone-1", new GeoPoint(41.9, 12.5), 80.0, false);

    assertThat(KvPhysicsWriter.apply(Optional.of(current), same)).isEmpty();
    assertThat(KvPhysicsWriter.apply(Optional.empty(), same)).isEmpty();
  }
}
