package dev.dronedispatch.dispatch.documents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.Versioned;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.documents.Defect;
import dev.dronedispatch.model.documents.DeliveryDefect;
import dev.dronedispatch.model.documents.DroneDefect;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class DocumentRuleTest {

  static final GeoPoint P = new GeoPoint(41.9, 12.5);
  static final DeliveryDocument DELIVERY =
      DeliveryDocument.pending(
          new DeliveryRequested(
              "d1", P, P, 1, WeightClass.LIGHT, null, null, Instant.parse("2026-01-01T00:00:00Z")));
  static final DroneDocument DRONE = DroneDocument.registered("x1", WeightClass.LIGHT, P, 50);

  private static KvEntry entry(String key, String json) {
    return new KvEntry(key, Json.mapper().readTree(json), 7, 0);
  }

  private static KvEntry entry(String key, Object doc) {
    return new KvEntry(key, Json.mapper().valueToTree(doc), 7, 0);
  }

  private static <T> Defect defectOf(Checked<T> checked) {
    assertThat(checked).isInstanceOf(Checked.Invalid.class);
    return ((Checked.Invalid<T>) checked).defect();
  }

  @Test
  void validDocumentsComeBackWithTheirVersion() {
    Checked<DeliveryDocument> delivery =
        DocumentRule.DELIVERY.check(entry("delivery:d1", DELIVERY), Json.mapper());
    Checked<DroneDocument> drone =
        DocumentRule.DRONE.check(entry("drone:x1", DRONE), Json.mapper());

    assertThat(delivery).isEqualTo(new Checked.Valid<>(new Versioned<>(DELIVERY, 7)));
    assertThat(drone).isEqualTo(new Checked.Valid<>(new Versioned<>(DRONE, 7)));
  }

  @Test
  void jsonThatIsNotADocumentIsUndecodable() {
    for (String json : new String[] {"[1,2]", "\"a string\"", "42", "null", "true"}) {
      assertThat(defectOf(DocumentRule.DELIVERY.check(entry("delivery:d1", json), Json.mapper())))
          .as(json)
          .isEqualTo(DeliveryDefect.UNDECODABLE);
      assertThat(defectOf(DocumentRule.DRONE.check(entry("drone:x1", json), Json.mapper())))
          .as(json)
          .isEqualTo(DroneDefect.UNDECODABLE);
    }
  }

  @Test
  void anUnknownStatusIsUndecodable() {
    ObjectNode drone = (ObjectNode) Json.mapper().valueToTree(DRONE);
    drone.put("status", "flying_upside_down");

    assertThat(
            defectOf(DocumentRule.DRONE.check(new KvEntry("drone:x1", drone, 1, 0), Json.mapper())))
        .isEqualTo(DroneDefect.UNDECODABLE);
  }

  @Test
  void anObjectOfUnknownFieldsDecodesButMissesTheId() {
    // the system's mapper tolerates unknown fields: the field checks are what turn it away
    assertThat(
            defectOf(
                DocumentRule.DELIVERY.check(
                    entry("delivery:d1", "{\"junk\":true}"), Json.mapper())))
        .isEqualTo(DeliveryDefect.ID_MISSING);
    assertThat(
            defectOf(DocumentRule.DRONE.check(entry("drone:x1", "{\"junk\":true}"), Json.mapper())))
        .isEqualTo(DroneDefect.ID_MISSING);
  }

  @Test
  void aDocumentUnderAnotherKeyIsNotTheKeys() {
    assertThat(defectOf(DocumentRule.DELIVERY.check(entry("delivery:d2", DELIVERY), Json.mapper())))
        .isEqualTo(DeliveryDefect.ID_NOT_THE_KEY);
    assertThat(defectOf(DocumentRule.DRONE.check(entry("drone:x2", DRONE), Json.mapper())))
        .isEqualTo(DroneDefect.ID_NOT_THE_KEY);
  }

  @Test
  void eachRequiredFieldOfADroneIsChecked() {
    assertThat(defectOf(DocumentRule.DRONE.check(drone("type"), Json.mapper())))
        .isEqualTo(DroneDefect.TYPE_MISSING);
    assertThat(defectOf(DocumentRule.DRONE.check(drone("status"), Json.mapper())))
        .isEqualTo(DroneDefect.STATUS_MISSING);
    assertThat(defectOf(DocumentRule.DRONE.check(drone("pos"), Json.mapper())))
        .isEqualTo(DroneDefect.POSITION_MISSING);
  }

  @Test
  void eachRequiredFieldOfADeliveryIsChecked() {
    assertThat(defectOf(DocumentRule.DELIVERY.check(delivery("status"), Json.mapper())))
        .isEqualTo(DeliveryDefect.STATUS_MISSING);
    assertThat(defectOf(DocumentRule.DELIVERY.check(delivery("requested_at"), Json.mapper())))
        .isEqualTo(DeliveryDefect.REQUESTED_AT_MISSING);
    assertThat(defectOf(DocumentRule.DELIVERY.check(delivery("origin"), Json.mapper())))
        .isEqualTo(DeliveryDefect.ORIGIN_MISSING);
    assertThat(defectOf(DocumentRule.DELIVERY.check(delivery("destination"), Json.mapper())))
        .isEqualTo(DeliveryDefect.DESTINATION_MISSING);
    assertThat(defectOf(DocumentRule.DELIVERY.check(delivery("weight_class"), Json.mapper())))
        .isEqualTo(DeliveryDefect.WEIGHT_CLASS_MISSING);
  }

  private static KvEntry drone(String without) {
    return without("drone:x1", DRONE, without);
  }

  private static KvEntry delivery(String without) {
    return without("delivery:d1", DELIVERY, without);
  }

  private static KvEntry without(String key, Object doc, String field) {
    JsonNode node = Json.mapper().valueToTree(doc);
    ((ObjectNode) node).remove(field);
    return new KvEntry(key, node, 1, 0);
  }
}
