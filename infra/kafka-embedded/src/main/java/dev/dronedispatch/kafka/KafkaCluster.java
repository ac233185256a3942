package dev.dronedispatch.kafka;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** A running Kafka cluster that tests and the launcher talk to: embedded or containerised. */
public interface KafkaCluster extends AutoCloseable {

  String bootstrapServers();

  @Override
  void close();

  /**
   * Creates the topics that do not exist yet, with {@code partitions} partitions each and the
   * cluster's replication.
   */
  default void createTopics(Collection<String> names, int partitions) {
    KafkaTopics.create(clientProperties(), names, partitions);
  }

  /** Client properties every producer, consumer or streams app needs to reach this cluster. */
  default Map<String, Object> clientProperties() {
    return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
  }
}
