package dev.dronedispatch.kafka;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension giving tests ONE real Kafka cluster per test JVM, shared by every test class that
 * asks for a {@link KafkaCluster} parameter. The broker is embedded (KRaft, in-process) by default;
 * {@code -Dkafka.broker=container} uses the official image through Testcontainers instead. Closed
 * when the JVM's tests finish.
 */
public final class RealKafkaExtension implements ParameterResolver {

  public static final String MODE_PROPERTY = "kafka.broker";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RealKafkaExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KafkaCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent("cluster", key -> new Holder(startCluster()), Holder.class)
        .cluster();
  }

  /**
   * Starts the cluster the {@code kafka.broker} property names: embedded (default) or container.
   */
  public static KafkaCluster startCluster() {
    String mode = System.getProperty(MODE_PROPERTY, "embedded");
    if (mode.equals("container")) {
      return ContainerKafkaCluster.start();
    }
    return EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.ephemeral());
  }

  private record Holder(KafkaCluster cluster) implements AutoCloseable {
    @Override
    public void close() {
      cluster.close();
    }
  }
}
