package dev.dronedispatch.kv.wire;

import dev.dronedispatch.kv.client.KvJson;
import dev.dronedispatch.kv.storage.KeyedRecord;
import dev.dronedispatch.kv.storage.StoredRecord;
import dev.dronedispatch.kv.web.ApiException;
import dev.dronedispatch.kv.web.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The wire form of a record between nodes and the coordinator: {@code {"key","value","version",
 * "ts","tombstone"}}. Written by hand so a stored value's JSON bytes are copied, not re-encoded.
 */
public final class RecordJson {

  private RecordJson() {}

  public static void write(ByteArrayOutputStream out, String key, StoredRecord r) {
    out.writeBytes(ascii("{\"key\":"));
    out.writeBytes(KvJson.MAPPER.writeValueAsBytes(key));
    out.writeBytes(ascii(",\"value\":"));
    out.writeBytes(r.value());
    out.writeBytes(
        ascii(
            ",\"version\":"
                + r.version()
                + ",\"ts\":"
                + r.ts()
                + ",\"tombstone\":"
                + r.tombstone()
                + "}"));
  }

  public static byte[] bytes(String key, StoredRecord r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(r.value().length + 96);
    write(out, key, r);
    return out.toByteArray();
  }

  /** {@code {"<field>":[records...]}} */
  public static byte[] list(String field, Iterable<KeyedRecord> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.writeBytes(ascii("{\"" + field + "\":["));
    boolean first = true;
    for (KeyedRecord k : records) {
      if (!first) {
        out.write(',');
      }
      first = false;
      write(out, k.key(), k.record());
    }
    out.writeBytes(ascii("]}"));
    return out.toByteArray();
  }

  /** Reads a record from its wire form; a missing version means "next local version" (0). */
  public static StoredRecord read(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw ApiException.malformed("record must be a JSON object");
    }
    boolean tombstone = node.path("tombstone").asBoolean(false);
    JsonNode value = node.get("value");
    if (!node.has("ts") || !node.get("ts").isIntegralNumber()) {
      throw ApiException.malformed("record needs an integer 'ts'");
    }
    long ts = node.get("ts").asLong();
    long version = node.path("version").asLong(0);
    boolean isNull = value == null || value.isNull();
    return new StoredRecord(isNull ? null : Json.bytes(value), version, ts, tombstone || isNull);
  }

  public static ObjectNode tree(String key, StoredRecord r) {
    ObjectNode n = Json.object().put("key", key);
    n.set("value", Json.tree(r.value()));
    return n.put("version", r.version()).put("ts", r.ts()).put("tombstone", r.tombstone());
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
