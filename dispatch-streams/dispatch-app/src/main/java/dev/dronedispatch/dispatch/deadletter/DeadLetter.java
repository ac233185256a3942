package dev.dronedispatch.dispatch.deadletter;

import dev.dronedispatch.model.topics.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A record the dispatcher could not process, as it goes to {@code <source topic>.dlq}: the original
 * key and value bytes untouched, and headers naming the error and where the record came from, so an
 * operator can find, read and replay it ({@code ops replay --topic <topic>.dlq}).
 *
 * @param sourceTopic the topic the record was read from
 * @param partition its partition there
 * @param offset its offset there
 * @param key the original key bytes (may be null)
 * @param value the original value bytes (may be null)
 * @param error why it could not be processed
 */
public record DeadLetter(
    String sourceTopic, int partition, long offset, byte[] key, byte[] value, Exception error) {

  public static final String ERROR_CLASS = "dlq.error.class";
  public static final String ERROR_MESSAGE = "dlq.error.message";
  public static final String SOURCE_TOPIC = "dlq.source.topic";
  public static final String SOURCE_PARTITION = "dlq.source.partition";
  public static final String SOURCE_OFFSET = "dlq.source.offset";

  /** Error messages are cut to this many characters: a header is not a log. */
  private static final int MAX_MESSAGE = 1000;

  public String topic() {
    return Topics.deadLetters(sourceTopic);
  }

  public ProducerRecord<byte[], byte[]> toRecord() {
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
    return new ProducerRecord<>(topic(), null, key, value, headers);
  }

  private static void add(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
