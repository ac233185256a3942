package dev.dronedispatch.kv.wire;

import dev.dronedispatch.kv.digest.RecordVersion;
import dev.dronedispatch.kv.digest.RingSegments;
import dev.dronedispatch.kv.digest.SegmentDigest;
import dev.dronedispatch.kv.web.ApiException;
import dev.dronedispatch.kv.web.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The wire forms of anti-entropy between the coordinator and a node. A request names the ring's
 * points, so a node needs no ring of its own: {@code {"points":[...]}} asks for a digest per
 * segment, answered {@code {"digests":[[count,sum],...]}}; {@code {"points":[...],
 * "segments":[...]}} asks for the versions of the records in those segments, answered {@code
 * {"versions":[{"key","ts","version","tombstone"},...]}}.
 */
public final class DigestJson {

  private DigestJson() {}

  public static byte[] digestRequest(RingSegments segments) {
    return Json.bytes(points(segments));
  }

  public static byte[] versionsRequest(RingSegments segments, Set<Integer> wanted) {
    ObjectNode body = points(segments);
    ArrayNode list = body.putArray("segments");
    wanted.forEach(list::add);
    return Json.bytes(body);
  }

  /** The ring a request names; a missing, empty or unsorted list is a malformed request. */
  public static RingSegments segments(ObjectNode request) {
    JsonNode points = request.get("points");
    if (points == null || !points.isArray() || points.isEmpty()) {
      throw ApiException.malformed("field 'points' must be a non-empty array of numbers");
    }
    long[] out = new long[points.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode p = points.get(i);
      if (!p.isIntegralNumber() || !p.canConvertToLong()) {
        throw ApiException.malformed("field 'points' must hold 64-bit integers");
      }
      out[i] = p.asLong();
    }
    try {
      return new RingSegments(out);
    } catch (IllegalArgumentException e) {
      throw ApiException.malformed(e.getMessage());
    }
  }

  /** The segments a versions request asks for, each checked against the ring. */
  public static Set<Integer> wanted(ObjectNode request, RingSegments ring) {
    JsonNode list = request.get("segments");
    if (list == null || !list.isArray()) {
      throw ApiException.malformed("field 'segments' must be an array of segment indexes");
    }
    Set<Integer> out = new LinkedHashSet<>();
    for (JsonNode s : list) {
      if (!s.isIntegralNumber()
          || !s.canConvertToInt()
          || s.asInt() < 0
          || s.asInt() >= ring.count()) {
        throw ApiException.malformed("segment indexes must be between 0 and " + (ring.count() - 1));
      }
      out.add(s.asInt());
    }
    return out;
  }

  public static byte[] digests(List<SegmentDigest> digests) {
    ObjectNode body = Json.object();
    ArrayNode list = body.putArray("digests");
    digests.forEach(d -> list.addArray().add(d.count()).add(d.sum()));
    return Json.bytes(body);
  }

  public static List<SegmentDigest> readDigests(JsonNode body) {
    List<SegmentDigest> out = new ArrayList<>();
    for (JsonNode d : body.path("digests")) {
      out.add(new SegmentDigest(d.path(0).asLong(), d.path(1).asLong()));
    }
    return out;
  }

  public static byte[] versions(List<RecordVersion> versions) {
    ObjectNode body = Json.object();
    ArrayNode list = body.putArray("versions");
    for (RecordVersion v : versions) {
      list.addObject()
          .put("key", v.key())
          .put("ts", v.ts())
          .put("version", v.version())
          .put("tombstone", v.tombstone());
    }
    return Json.bytes(body);
  }

  public static List<RecordVersion> readVersions(JsonNode body) {
    List<RecordVersion> out = new ArrayList<>();
    for (JsonNode v : body.path("versions")) {
      out.add(
          new RecordVersion(
              v.path("key").asString(),
              v.path("ts").asLong(),
              v.path("version").asLong(),
              v.path("tombstone").asBoolean()));
    }
    return out;
  }

  private static ObjectNode points(RingSegments segments) {
    ObjectNode body = Json.object();
    ArrayNode list = body.putArray("points");
    for (long p : segments.points()) {
      list.add(p);
    }
    return body;
  }
}
