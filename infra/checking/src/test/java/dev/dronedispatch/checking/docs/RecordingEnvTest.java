package dev.dronedispatch.checking.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordingEnvTest {

  @Test
  void answersFromWhatWasGivenAndRemembersEveryNameAskedWithItsDefault() {
    RecordingEnv env = new RecordingEnv(Map.of("TOKEN", "t"));

    assertThat(env.get("TOKEN")).isEqualTo("t");
    assertThat(env.getOrDefault("PORT", "9000")).isEqualTo("9000");
    assertThat(env.containsKey("MODE")).isFalse();

    assertThat(env.asked())
        .containsOnly(
            Map.entry("TOKEN", Optional.empty()),
            Map.entry("PORT", Optional.of("9000")),
            Map.entry("MODE", Optional.empty()));
    assertThat(env).containsOnly(Map.entry("TOKEN", "t"));
  }
}
