package dev.dronedispatch.gateway.kafka;

import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.topics.Topic;
import dev.dronedispatch.model.topics.Topics;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes with an idempotent acks=all producer that batches (linger). {@code send} may block
 * while metadata is missing or the buffer is full (broker down), so every send runs on one thread
 * of its own, never on an event loop; the acknowledgement is handed back to the parallel scheduler
 * so the producer's network thread only does I/O. The returned Mono fails after the publish
 * timeout.
 */
public final class KafkaDeliveryPublisher implements DeliveryPublisher, AutoCloseable {

  private static final Topic<String, DeliveryRequested> TOPIC = Topics.DELIVERIES_REQUESTED;

  private final KafkaProducer<String, DeliveryRequested> producer;
  private final Duration timeout;
  private final Scheduler sender = Schedulers.newSingle("gateway-kafka-send");

  public KafkaDeliveryPublisher(KafkaSettings settings) {
    this.producer =
        new KafkaProducer<>(
            settings.producer(), TOPIC.keySerde().serializer(), TOPIC.valueSerde().serializer());
    this.timeout = settings.publishTimeout().plusSeconds(2);
  }

  @Override
  public Mono<Void> publish(DeliveryRequested event) {
    return Mono.<Void>create(
            sink -> {
              try {
                producer.send(
                    new ProducerRecord<>(TOPIC.name(), event.id(), event),
                    (metadata, error) -> {
                      if (error == null) {
                        sink.success();
                      } else {
                        sink.error(error);
                      }
                    });
              } catch (RuntimeException e) {
                sink.error(e);
              }
            })
        .subscribeOn(sender)
        .publishOn(Schedulers.parallel())
        .timeout(timeout);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(2));
    sender.dispose();
  }
}
