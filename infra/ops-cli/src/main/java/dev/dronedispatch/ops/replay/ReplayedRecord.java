package dev.dronedispatch.ops.replay;

import java.time.Instant;
import java.util.Map;

/** One record read back from a topic, value as raw JSON text. */
public record ReplayedRecord(
    String topic,
    int partition,
    long offset,
    Instant timestamp,
    String key,
    String value,
    Map<String, String> headers) {

  public ReplayedRecord {
    headers = Map.copyOf(headers);
  }
}
