package dev.dronedispatch.model.topics;

import dev.dronedispatch.kafka.KafkaCluster;
import dev.dronedispatch.kafka.RealKafkaExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The round trip against the real KRaft broker this JVM starts (or the container, if chosen). */
@ExtendWith(RealKafkaExtension.class)
class EmbeddedBrokerTopicsTest extends TopicsRoundTrip {

  @BeforeAll
  static void topics(KafkaCluster kafka) {
    createTopics(kafka);
  }

  @Test
  void everyEventTypeSurvivesTheRealBroker(KafkaCluster kafka) throws Exception {
    everyEventTypeSurvivesTheBroker(kafka);
  }
}
