package dev.dronedispatch.simulator.runtime;

import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.UpdateOutcome;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.simulator.fleet.PhysicalFix;
import java.util.Optional;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merges a drone's physical fields ({@code pos}, {@code battery}, {@code at_charge}) into its KV
 * document by compare-and-set on the version read. The merge works on the JSON tree, so every other
 * field — {@code status}, {@code current_delivery}, {@code feas_miss*}, and any field this version
 * of the model does not know — is written back exactly as read; a dispatcher change that lands
 * between the read and the CAS makes the CAS fail and the merge is redone on the new document.
 */
final class KvPhysicsWriter {

  static final int MAX_ATTEMPTS = 5;

  private final KvDocuments docs;

  KvPhysicsWriter(KvDocuments docs) {
    this.docs = docs;
  }

  Mono<UpdateOutcome<JsonNode>> merge(PhysicalFix fix) {
    return docs.update(
        KvKeys.drone(fix.droneId()), JsonNode.class, current -> apply(current, fix), MAX_ATTEMPTS);
  }

  /** The document with the physical fields replaced, or empty if absent or already equal. */
  static Optional<JsonNode> apply(Optional<JsonNode> current, PhysicalFix fix) {
    if (current.isEmpty() || !current.get().isObject()) {
      return Optional.empty();
    }
    ObjectNode doc = (ObjectNode) current.get().deepCopy();
    JsonNode pos = Json.mapper().valueToTree(fix.pos());
    boolean same =
        pos.equals(doc.get("pos"))
            && doc.path("battery").isNumber()
            && doc.path("battery").doubleValue() == fix.battery()
            && doc.path("at_charge").isBoolean()
            && doc.path("at_charge").booleanValue() == fix.atCharge();
    if (same) {
      return Optional.empty();
    }
    doc.set("pos", pos);
    doc.put("battery", fix.battery());
    doc.put("at_charge", fix.atCharge());
    return Optional.of(doc);
  }
}
