package dev.dronedispatch.model.topics;

import dev.dronedispatch.kafka.ContainerKafkaCluster;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The same round trip against the official apache/kafka image, for machines with a Docker engine;
 * skipped cleanly where there is none (the embedded broker test carries the coverage there).
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBrokerTopicsTest extends TopicsRoundTrip {

  @Test
  void everyEventTypeSurvivesTheContainerisedBroker() throws Exception {
    try (ContainerKafkaCluster kafka = ContainerKafkaCluster.start()) {
      createTopics(kafka);
      everyEventTypeSurvivesTheBroker(kafka);
    }
  }
}
