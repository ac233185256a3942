package dev.dronedispatch.simulator.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.checking.docs.ConfigTable;
import dev.dronedispatch.checking.docs.RecordingEnv;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's configuration table names every variable the simulator reads, with its default. */
class SimulatorConfigDocTest {

  @Test
  void everyVariableIsDocumentedWithItsDefault() throws Exception {
    RecordingEnv env = new RecordingEnv(Map.of());
    SimulatorConfig.fromEnv(env);
    assertThat(env.asked()).isNotEmpty();
    assertThat(
            ConfigTable.read(Path.of("../README.md"), "### Configuration (environment)")
                .mistakesAbout(env.asked()))
        .isEmpty();
  }
}
