package dev.dronedispatch.model.topics;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers every DroneDispatch consumer puts on a record it sets aside in {@code <topic>.dlq}
 * ({@link Topics#deadLetters}): the error's class and message and the topic, partition and offset
 * the record came from, so an operator can find, read and replay it ({@code ops replay --topic
 * <topic>.dlq}). One definition for the writers (the dispatcher, the spring-kafka consumers) and
 * the reader (ops replay).
 */
public final class DeadLetterHeaders {

  public static final String ERROR_CLASS = "dlq.error.class";
  public static final String ERROR_MESSAGE = "dlq.error.message";
  public static final String SOURCE_TOPIC = "dlq.source.topic";
  public static final String SOURCE_PARTITION = "dlq.source.partition";
  public static final String SOURCE_OFFSET = "dlq.source.offset";

  /** Error messages are cut to this many characters: a header is not a log. */
  static final int MAX_MESSAGE = 1000;

  private DeadLetterHeaders() {}

  /** The headers of a record read at {@code offset} of {@code partition} that failed with it. */
  public static Headers of(String sourceTopic, int partition, long offset, Throwable error) {
    Headers headers = new RecordHeaders();
    add(headers, ERROR_CLASS, error.getClass().getName());
    String message = String.valueOf(error.getMessage());
    add(
        headers,
        ERROR_MESSAGE,
        message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message);
    add(headers, SOURCE_TOPIC, sourceTopic);
    add(headers, SOURCE_PARTITION, Integer.toString(partition));
    add(headers, SOURCE_OFFSET, Long.toString(offset));
    return headers;
  }

  private static void add(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
