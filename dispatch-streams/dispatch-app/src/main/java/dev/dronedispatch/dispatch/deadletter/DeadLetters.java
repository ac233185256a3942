package dev.dronedispatch.dispatch.deadletter;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Wires the dead-letter handlers into a Kafka Streams configuration: a record that cannot be
 * decoded, or whose processing throws, goes to {@code <topic>.dlq} and the stream carries on.
 */
public final class DeadLetters {

  /** The configuration entry that hands the process's publisher to the handlers. */
  static final String PUBLISHER_CONFIG = "dronedispatch.dead.letter.publisher";

  private DeadLetters() {}

  public static void install(Properties streamsProperties, DeadLetterPublisher publisher) {
    streamsProperties.put(PUBLISHER_CONFIG, publisher);
    streamsProperties.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterOnDecodeError.class.getName());
    streamsProperties.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterOnProcessingError.class.getName());
  }

  static DeadLetterPublisher publisher(Map<String, ?> configs) {
    Object p = configs.get(PUBLISHER_CONFIG);
    if (!(p instanceof DeadLetterPublisher publisher)) {
      throw new IllegalStateException("no dead-letter publisher configured (DeadLetters.install)");
    }
    return publisher;
  }
}
