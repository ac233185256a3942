package dev.dronedispatch.kv.storage;

import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.JsonEquality;
import dev.dronedispatch.kv.client.KvJson;
import tools.jackson.databind.JsonNode;

/**
 * Pure: does an {@link Expectation} hold against the current record (null or tombstone = absent).
 */
public final class CasCheck {

  private CasCheck() {}

  public static boolean holds(Expectation expected, StoredRecord current) {
    boolean live = current != null && current.live();
    if (expected instanceof Expectation.Absent) {
      return !live;
    }
    if (expected instanceof Expectation.AtVersion v) {
      return live && current.version() == v.version();
    }
    JsonNode want = ((Expectation.ValueEquals) expected).value();
    if (!live) {
      return want == null || want.isNull();
    }
    return JsonEquality.equal(KvJson.MAPPER.readTree(current.value()), want);
  }
}
