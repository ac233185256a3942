package dev.dronedispatch.kv.client;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper configuration of the KV: its client, its servers and its tools read and write
 * with it. Unknown properties are ignored so either side may add fields.
 */
public final class KvJson {

  public static final ObjectMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private KvJson() {}
}
