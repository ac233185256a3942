package dev.dronedispatch.kv.node;

import dev.dronedispatch.kv.web.ApiException;
import dev.dronedispatch.kv.web.Failure;
import dev.dronedispatch.kv.web.Json;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A cluster membership as a node holds it: a JSON object whose integral {@code epoch} orders the
 * memberships. The coordinators define the rest; to the node it is opaque. The document is never
 * changed once parsed.
 */
public record MembershipDocument(long epoch, ObjectNode document) {

  /** What a node holds before any membership is installed: epoch 0, answered as {"epoch":0}. */
  public static final MembershipDocument NONE =
      new MembershipDocument(0, Json.object().put("epoch", 0));

  public MembershipDocument {
    if (document.path("epoch").asLong(-1) != epoch) {
      throw new IllegalArgumentException("the document's epoch is not " + epoch);
    }
  }

  /** A membership to install: a JSON object with an integral epoch ≥ 1, else 400. */
  public static MembershipDocument parse(byte[] json) {
    ObjectNode document = Json.parseObject(json);
    JsonNode epoch = document.get("epoch");
    if (epoch == null
        || !epoch.isIntegralNumber()
        || !epoch.canConvertToLong()
        || epoch.asLong() < 1) {
      throw ApiException.malformed("a membership needs an integer 'epoch' of at least 1");
    }
    return new MembershipDocument(epoch.asLong(), document);
  }

  /**
   * Refuses work or an install planned under an older membership than this one; the problem carries
   * this one, so the sender can catch up without asking again.
   */
  ApiException staleRefusal(String detail) {
    return new ApiException(Failure.STALE_MEMBERSHIP, detail, problemMembers());
  }

  /** The problem members naming this membership: {@code epoch} and the whole {@code membership}. */
  Map<String, Object> problemMembers() {
    return Map.of("epoch", epoch, "membership", document);
  }
}
