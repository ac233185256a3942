package dev.dronedispatch.dispatch.deadletter;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * A record whose key or value cannot be decoded goes to its topic's dead-letter topic and is
 * skipped; if even that fails, the stream thread stops (and is replaced) rather than drop it.
 */
public final class DeadLetterOnDecodeError implements DeserializationExceptionHandler {

  private DeadLetterPublisher publisher;

  @Override
  public void configure(Map<String, ?> configs) {
    publisher = DeadLetters.publisher(configs);
  }

  @Override
  public DeserializationHandlerResponse handle(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    DeadLetter letter =
        new DeadLetter(
            record.topic(),
            record.partition(),
            record.offset(),
            record.key(),
            record.value(),
            exception);
    return publisher.publish(letter)
        ? DeserializationHandlerResponse.CONTINUE
        : DeserializationHandlerResponse.FAIL;
  }
}
