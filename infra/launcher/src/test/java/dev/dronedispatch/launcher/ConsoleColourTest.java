package dev.dronedispatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Help.Ansi;

class ConsoleColourTest {

  @Test
  void aTerminalGetsColour() {
    assertThat(ConsoleColour.ansi(Map.of(), "true")).isEqualTo(Ansi.ON);
  }

  @Test
  void aPipeOrFileGetsNone() {
    assertThat(ConsoleColour.ansi(Map.of(), "false")).isEqualTo(Ansi.OFF);
  }

  @Test
  void noColourWinsEvenOnATerminal() {
    assertThat(ConsoleColour.ansi(Map.of("NO_COLOR", "1"), "true")).isEqualTo(Ansi.OFF);
  }

  @Test
  void anEmptyNoColourDoesNotCount() {
    assertThat(ConsoleColour.ansi(Map.of("NO_COLOR", ""), "true")).isEqualTo(Ansi.ON);
  }

  @Test
  void theJarStartedDirectlyLeavesItToPicocli() {
    assertThat(ConsoleColour.ansi(Map.of(), null)).isEqualTo(Ansi.AUTO);
  }
}
