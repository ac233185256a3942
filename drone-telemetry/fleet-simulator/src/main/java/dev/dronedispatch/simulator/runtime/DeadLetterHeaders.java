package dev.dronedispatch.simulator.runtime;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * The headers every DroneDispatch consumer puts on a record it sets aside in {@code <topic>.dlq}:
 * the error's class and message and the partition and offset the record came from, so an operator
 * can find, read and replay it ({@code ops replay --topic <topic>.dlq}). The names are the
 * dispatcher's ({@code dev.dronedispatch.dispatch.deadletter.DeadLetter}); spring-kafka's own
 * {@code kafka_dlt-*} headers come on top of them.
 */
final class DeadLetterHeaders {

  static final String ERROR_CLASS = "dlq.error.class";
  static final String ERROR_MESSAGE = "dlq.error.message";
  static final String SOURCE_TOPIC = "dlq.source.topic";
  static final String SOURCE_PARTITION = "dlq.source.partition";
  static final String SOURCE_OFFSET = "dlq.source.offset";

  /** Error messages are cut to this many characters: a header is not a log. */
  private static final int MAX_MESSAGE = 1000;

  private DeadLetterHeaders() {}

  /** Our headers for {@code record}, which failed with {@code exception}. */
  static Headers of(ConsumerRecord<?, ?> record, Exception exception) {
    Throwable error = cause(exception);
    Headers headers = new RecordHeaders();
    add(headers, ERROR_CLASS, error.getClass().getName());
    String message = String.valueOf(error.getMessage());
    add(
        headers,
        ERROR_MESSAGE,
        message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message);
    add(headers, SOURCE_TOPIC, record.topic());
    add(headers, SOURCE_PARTITION, Integer.toString(record.partition()));
    add(headers, SOURCE_OFFSET, Long.toString(record.offset()));
    return headers;
  }

  /**
   * The error itself rather than spring-kafka's wrappers around it (the listener-failed and the
   * deserialization exceptions), so the headers name what the dispatcher's would, e.g. the
   * decoder's {@code SerializationException}.
   */
  static Throwable cause(Throwable exception) {
    Throwable t = exception;
    while ((t instanceof ListenerExecutionFailedException || t instanceof DeserializationException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static void add(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
