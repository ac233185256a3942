package dev.dronedispatch.kv.web;

import tools.jackson.databind.node.ObjectNode;

/**
 * An RFC 9457 problem document, the body of every error answer of the KV servers. {@code instance}
 * (the request path) is null when the request could not be read far enough to know it.
 */
public record Problem(String type, String title, int status, String detail, String instance) {

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
    return Json.bytes(body);
  }
}
