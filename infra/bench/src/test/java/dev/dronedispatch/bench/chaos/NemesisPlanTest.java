package dev.dronedispatch.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.launcher.LaunchOptions;
import dev.dronedispatch.launcher.PortBlock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NemesisPlanTest {

  private static final Duration PAUSE = Duration.ofSeconds(5);
  private final LaunchOptions scaled =
      PortBlock.options(20_000, Path.of("/p"), Path.of("/p/d"), 10, 60, false, 2).scaled();
  private final NemesisPlan plan = new NemesisPlan(scaled, PAUSE);

  @Test
  void aRoundCrashesTheQuickRestartsFirstThenEveryOtherServicePausesAKvNodeAndFailsDrones() {
    assertThat(IntStream.range(0, 8).mapToObj(plan::step).toList())
        .containsExactly(
            new NemesisStep.KillAndRestart("dispatch"),
            new NemesisStep.KillAndRestart("kafka"),
            new NemesisStep.KillAndRestart("kv-node-a"),
            new NemesisStep.KillAndRestart("kv-coordinator"),
            new NemesisStep.KillAndRestart("gateway"),
            new NemesisStep.KillAndRestart("fleet-simulator"),
            new NemesisStep.PauseAndResume("kv-node-b", PAUSE),
            new NemesisStep.FailDrones());
  }

  @Test
  void laterRoundsTakeTheNextInstanceOfEveryReplicatedService() {
    List<NemesisStep> second = IntStream.range(8, 16).mapToObj(plan::step).toList();
    assertThat(second)
        .contains(
            new NemesisStep.KillAndRestart("kv-node-b"),
            new NemesisStep.KillAndRestart("kv-coordinator-2"),
            new NemesisStep.KillAndRestart("gateway-2"),
            new NemesisStep.KillAndRestart("dispatch-2"),
            new NemesisStep.KillAndRestart("kafka-2"),
            new NemesisStep.PauseAndResume("kv-node-c", PAUSE));
    assertThat(plan.step(16)).isEqualTo(new NemesisStep.KillAndRestart("dispatch"));
    assertThat(plan.step(16 + 1)).isEqualTo(new NemesisStep.KillAndRestart("kafka-3"));
    assertThat(plan.step(16 + 3)).isEqualTo(new NemesisStep.KillAndRestart("kv-coordinator"));
  }
}
