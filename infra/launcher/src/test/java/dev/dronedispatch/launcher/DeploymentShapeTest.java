package dev.dronedispatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentShapeTest {

  @TempDir Path data;

  @Test
  void aNewDirectoryTakesTheShapeAndKeepsServingIt() throws Exception {
    new DeploymentShape(3).claim(data);
    new DeploymentShape(3).claim(data);
    assertThat(data.resolve("deployment")).hasContent("brokers=3");
  }

  @Test
  void aDirectoryOfASingleBrokerRunRefusesTheScaledOneAndSaysWhatToDo() throws Exception {
    new DeploymentShape(1).claim(data);
    assertThatThrownBy(() -> new DeploymentShape(3).claim(data))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("one Kafka broker")
        .hasMessageContaining("3 Kafka brokers")
        .hasMessageContaining("--fresh")
        .hasMessageContaining("--data-dir");
  }
}
