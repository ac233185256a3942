package dev.dronedispatch.kv.membership;

import dev.dronedispatch.kv.ring.NodeRef;
import dev.dronedispatch.kv.web.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A membership as the nodes store it and the admin API shows it: {@code
 * {"epoch","phase","members":[{"id","url"}],"next":[…]}}.
 */
public final class MembershipJson {

  private MembershipJson() {}

  public static ObjectNode write(Membership m) {
    ObjectNode out =
        Json.object()
            .put("epoch", m.epoch())
            .put("phase", m.phase().name().toLowerCase(Locale.ROOT));
    nodes(out.putArray("members"), m.members());
    nodes(out.putArray("next"), m.next());
    return out;
  }

  /** Throws {@link IllegalArgumentException} for a document that is not a membership. */
  public static Membership read(JsonNode json) {
    if (json == null || !json.isObject() || !json.path("epoch").isIntegralNumber()) {
      throw new IllegalArgumentException("not a membership: " + json);
    }
    try {
      return new Membership(
          json.path("epoch").asLong(),
          readNodes(json.path("members")),
          readNodes(json.path("next")),
          Phase.valueOf(json.path("phase").asString().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a membership: " + e.getMessage(), e);
    }
  }

  private static void nodes(ArrayNode arr, List<NodeRef> nodes) {
    nodes.forEach(n -> arr.add(Json.object().put("id", n.id()).put("url", n.url())));
  }

  private static List<NodeRef> readNodes(JsonNode arr) {
    List<NodeRef> out = new ArrayList<>();
    for (JsonNode n : arr) {
      String id = n.path("id").asString("");
      String url = n.path("url").asString("");
      if (id.isBlank() || url.isBlank()) {
        throw new IllegalArgumentException("a node needs an id and a url: " + n);
      }
      out.add(new NodeRef(id, url));
    }
    return out;
  }
}
