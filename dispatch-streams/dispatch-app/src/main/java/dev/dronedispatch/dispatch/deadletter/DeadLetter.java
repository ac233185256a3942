package dev.dronedispatch.dispatch.deadletter;

import dev.dronedispatch.model.topics.DeadLetterHeaders;
import dev.dronedispatch.model.topics.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A record the dispatcher could not process, as it goes to {@code <source topic>.dlq}: the original
 * key and value bytes untouched, and the {@link DeadLetterHeaders} naming the error and where the
 * record came from.
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

  public String topic() {
    return Topics.deadLetters(sourceTopic);
  }

  public ProducerRecord<byte[], byte[]> toRecord() {
    return new ProducerRecord<>(
        topic(), null, key, value, DeadLetterHeaders.of(sourceTopic, partition, offset, error));
  }
}
