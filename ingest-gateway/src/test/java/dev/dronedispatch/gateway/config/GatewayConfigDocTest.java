package dev.dronedispatch.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.checking.docs.ConfigTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table names every environment variable application.yml reads ({@code
 * ${NAME:default}}), with the default written there.
 */
class GatewayConfigDocTest {

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):([^}]*)}");

  @Test
  void everyVariableIsDocumentedWithItsDefault() throws Exception {
    String yml = Files.readString(Path.of("src/main/resources/application.yml"));
    Map<String, Optional<String>> read = new LinkedHashMap<>();
    Matcher m = VARIABLE.matcher(yml);
    while (m.find()) {
      read.put(m.group(1), Optional.of(m.group(2)));
    }
    assertThat(read).isNotEmpty();
    assertThat(ConfigTable.read(Path.of("README.md")).mistakesAbout(read)).isEmpty();
  }
}
