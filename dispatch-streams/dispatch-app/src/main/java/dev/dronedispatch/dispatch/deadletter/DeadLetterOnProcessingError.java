package dev.dronedispatch.dispatch.deadletter;

import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A record that decoded but could not be processed (a request without an id or a place, say) goes,
 * as its original bytes, to its topic's dead-letter topic, and the stream goes on. An error in a
 * punctuation has no record to set aside: it stops the thread as before.
 */
public final class DeadLetterOnProcessingError implements ProcessingExceptionHandler {

  private DeadLetterPublisher publisher;

  @Override
  public void configure(Map<String, ?> configs) {
    publisher = DeadLetters.publisher(configs);
  }

  @Override
  public ProcessingHandlerResponse handle(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    if (context.topic() == null || context.sourceRawValue() == null) {
      return ProcessingHandlerResponse.FAIL;
    }
    DeadLetter letter =
        new DeadLetter(
            context.topic(),
            context.partition(),
            context.offset(),
            context.sourceRawKey(),
            context.sourceRawValue(),
            exception);
    return publisher.publish(letter)
        ? ProcessingHandlerResponse.CONTINUE
        : ProcessingHandlerResponse.FAIL;
  }
}
