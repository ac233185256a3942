package dev.dronedispatch.kv.web;

import dev.dronedispatch.kv.client.KvJson;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * An RFC 9457 problem document, the body of every error answer of the KV servers. {@code instance}
 * (the request path) is null when the request could not be read far enough to know it; {@code
 * members} are extension members (a batch's refusal names the bad operation's {@code index}).
 */
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    Map<String, Object> members) {

  public static final String MEDIA_TYPE = "application/problem+json";

  public byte[] toJson() {
    ObjectNode body =
        Json.object()
            .put("type", type)
            .put("title", title)
            .put("status", status)
            .put("detail", detail);
    if (instance != null) {
      body.put("instance", instance);
    }
    members.forEach((name, value) -> body.set(name, KvJson.MAPPER.valueToTree(value)));
    return Json.bytes(body);
  }
}
