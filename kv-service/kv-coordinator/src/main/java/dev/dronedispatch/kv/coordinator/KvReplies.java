package dev.dronedispatch.kv.coordinator;

import dev.dronedispatch.kv.client.KvJson;
import dev.dronedispatch.kv.replication.Written;
import dev.dronedispatch.kv.storage.KeyedRecord;
import dev.dronedispatch.kv.storage.StoredRecord;
import dev.dronedispatch.kv.web.Json;
import dev.dronedispatch.kv.web.Reply;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * The coordinator's answers as JSON. Stored values are JSON already and are copied in as they are,
 * never parsed and written again.
 */
final class KvReplies {

  private KvReplies() {}

  /** {@code {"key","value","version","ts"}} plus {@code extra}'s members. */
  static Reply entry(String key, StoredRecord rec, ObjectNode extra) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(rec.value().length + 128);
    writeEntry(out, key, rec, extra);
    return Reply.rawJson(200, out.toByteArray());
  }

  /** A put's or delete's acknowledgement. */
  static Reply written(Written w) {
    return Reply.json(
        Json.object()
            .put("ok", true)
            .put("written", w.written())
            .put("rf", w.rf())
            .put("version", w.record().version())
            .put("ts", w.record().ts())
            .put("degraded", w.degraded()));
  }

  /** A compare-and-set's outcome: applied, conflict (with the current value) or fenced. */
  static Reply cas(String key, Coordinator.Cas outcome) {
    if (outcome instanceof Coordinator.Cas.Applied a) {
      Written w = a.written();
      ObjectNode extra =
          Json.object()
              .put("ok", true)
              .put("written", w.written())
              .put("rf", w.rf())
              .put("degraded", w.degraded());
      return entry(key, w.record(), extra);
    }
    if (outcome instanceof Coordinator.Cas.Fenced f) {
      return Reply.json(Json.object().put("ok", false).put("fenced", true).put("lock", f.lock()));
    }
    Optional<StoredRecord> current = ((Coordinator.Cas.Conflict) outcome).current();
    ObjectNode n = Json.object().put("ok", false);
    if (current.isPresent() && current.get().live()) {
      StoredRecord c = current.get();
      n.set("current", Json.tree(c.value()));
      n.put("version", c.version()).put("ts", c.ts());
    } else {
      n.putNull("current");
    }
    return Reply.json(n);
  }

  /** A page of entries: {@code {"items":[…],"next": last key when more may follow, else null}}. */
  static Reply items(List<KeyedRecord> records, boolean more) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.writeBytes("{\"items\":[".getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < records.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      writeEntry(out, records.get(i).key(), records.get(i).record(), null);
    }
    out.writeBytes("],\"next\":".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(
        more && !records.isEmpty()
            ? KvJson.MAPPER.writeValueAsBytes(records.get(records.size() - 1).key())
            : "null".getBytes(StandardCharsets.US_ASCII));
    out.write('}');
    return Reply.rawJson(200, out.toByteArray());
  }

  /**
   * A batch's answer, {@code {"results":[{"status","body"}…]}}: per operation, in order, the status
   * and body its single request would have been answered with.
   */
  static Reply batch(List<Reply> results) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128 * results.size() + 16);
    out.writeBytes("{\"results\":[".getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < results.size(); i++) {
      Reply r = results.get(i);
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(
          ("{\"status\":" + r.status() + ",\"body\":").getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(r.body());
      out.write('}');
    }
    out.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
    return Reply.rawJson(200, out.toByteArray());
  }

  private static void writeEntry(
      ByteArrayOutputStream out, String key, StoredRecord rec, ObjectNode extra) {
    out.writeBytes("{\"key\":".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(KvJson.MAPPER.writeValueAsBytes(key));
    out.writeBytes(",\"value\":".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(rec.value());
    out.writeBytes(
        (",\"version\":" + rec.version() + ",\"ts\":" + rec.ts())
            .getBytes(StandardCharsets.US_ASCII));
    if (extra != null) {
      byte[] e = Json.bytes(extra);
      if (e.length > 2) {
        out.write(',');
        out.write(e, 1, e.length - 2);
      }
    }
    out.write('}');
  }
}
