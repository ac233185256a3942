package dev.dronedispatch.gateway.kafka;

import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.topics.Topic;
import dev.dronedispatch.model.topics.Topics;
import java.time.Duration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes through a spring-kafka {@link KafkaTemplate} on an idempotent acks=all producer that
 * batches (linger; {@link KafkaSettings#producer}). The returned Mono completes when the broker
 * acknowledged the record and fails when it refused it or the publish timeout passed. {@code send}
 * may block while metadata is missing or the buffer is full (broker down), so every send runs on
 * one thread of its own, never on an event loop; the acknowledgement is handed back to the parallel
 * scheduler so the producer's network thread only does I/O.
 */
public final class KafkaDeliveryPublisher implements DeliveryPublisher, AutoCloseable {

  private static final Topic<String, DeliveryRequested> TOPIC = Topics.DELIVERIES_REQUESTED;

  private final DefaultKafkaProducerFactory<String, DeliveryRequested> producers;
  private final KafkaTemplate<String, DeliveryRequested> template;
  private final Duration timeout;
  private final Scheduler sender = Schedulers.newSingle("gateway-kafka-send");

  public KafkaDeliveryPublisher(KafkaSettings settings) {
    this.producers =
        new DefaultKafkaProducerFactory<>(
            settings.producer(), TOPIC.keySerde().serializer(), TOPIC.valueSerde().serializer());
    this.producers.setPhysicalCloseTimeout(2);
    this.template = new KafkaTemplate<>(producers);
    this.timeout = settings.publishTimeout().plusSeconds(2);
  }

  @Override
  public Mono<Void> publish(DeliveryRequested event) {
    return Mono.defer(() -> Mono.fromFuture(template.send(TOPIC.name(), event.id(), event)))
        .subscribeOn(sender)
        .publishOn(Schedulers.parallel())
        .timeout(timeout)
        .then();
  }

  @Override
  public void close() {
    producers.destroy();
    sender.dispose();
  }
}
