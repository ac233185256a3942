package dev.dronedispatch.kafka;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The official {@code apache/kafka} image through Testcontainers, for users with a Docker engine
 * who want to test against the image they deploy. Only constructed when Docker is available.
 */
public final class ContainerKafkaCluster implements KafkaCluster {

  public static final String IMAGE = "apache/kafka:4.1.2";

  private final KafkaContainer container;

  private ContainerKafkaCluster(KafkaContainer container) {
    this.container = container;
  }

  public static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  public static ContainerKafkaCluster start() {
    KafkaContainer container = new KafkaContainer(IMAGE);
    container.start();
    return new ContainerKafkaCluster(container);
  }

  @Override
  public String bootstrapServers() {
    return container.getBootstrapServers();
  }

  @Override
  public void close() {
    container.stop();
  }
}
