package dev.dronedispatch.dispatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.checking.docs.ConfigTable;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The README's configuration tables name every dispatcher parameter with its real default. */
class DispatchConfigDocTest {

  @Test
  void everyParameterIsDocumentedWithItsDefault() throws Exception {
    ConfigTable readme = ConfigTable.read(Path.of("README.md"));
    Map<String, String> undocumented = new TreeMap<>();
    DispatchConfig.defaults()
        .asEnv()
        .forEach(
            (name, value) -> {
              if (!readme.documents(name, value)) {
                undocumented.put(name, value + " (README: " + readme.defaultOf(name) + ")");
              }
            });
    assertThat(undocumented).as("parameters whose README row is missing or wrong").isEmpty();
  }
}
