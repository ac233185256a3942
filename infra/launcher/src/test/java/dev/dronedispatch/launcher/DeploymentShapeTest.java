package dev.dronedispatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentShapeTest {

  @TempDir Path data;

  @Test
  void aNewDirectoryTakesTheShapeAndKeepsServingIt() throws Exception {
    new DeploymentShape(3, true).claim(data);
    new DeploymentShape(3, true).claim(data);
    assertThat(data.resolve("deployment")).hasContent("brokers=3\nkafka=sasl");
  }

  @Test
  void aDirectoryOfASingleBrokerRunRefusesTheScaledOneAndSaysWhatToDo() throws Exception {
    new DeploymentShape(1, false).claim(data);
    assertThatThrownBy(() -> new DeploymentShape(3, true).claim(data))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("one Kafka broker")
        .hasMessageContaining("3 Kafka brokers")
        .hasMessageContaining("--fresh")
        .hasMessageContaining("--data-dir");
  }

  /** A scaled directory from before Kafka had identities lacks the super user's credential. */
  @Test
  void aScaledDirectoryWithoutKafkaIdentitiesRefusesTheSecuredRun() throws Exception {
    Files.writeString(data.resolve("deployment"), "brokers=3\n");
    assertThatThrownBy(() -> new DeploymentShape(3, true).claim(data))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("3 Kafka brokers without Kafka identities")
        .hasMessageContaining("3 Kafka brokers with SASL identities")
        .hasMessageContaining("--fresh");
  }
}
