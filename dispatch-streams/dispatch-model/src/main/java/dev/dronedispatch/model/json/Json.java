package dev.dronedispatch.model.json;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of the system: snake_case fields (declared on the records themselves so any
 * mapper, Spring's included, writes the same), ISO-8601 instants, unknown fields tolerated so older
 * readers survive newer writers.
 */
public final class Json {

  private static final JsonMapper MAPPER = configure(JsonMapper.builder()).build();

  private Json() {}

  public static JsonMapper mapper() {
    return MAPPER;
  }

  /** Applies the system's settings to a builder, e.g. Spring's, so every mapper agrees. */
  public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
    return builder
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  }
}
