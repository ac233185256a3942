package dev.dronedispatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JitModeTest {

  private static final List<String> C1_ONLY = List.of("-XX:TieredStopAtLevel=1");

  @Test
  void autoRunsTheQuickCompilerAloneWhenTheJvmsOutnumberTheCores() {
    assertThat(JitMode.AUTO.jvmArgs(9, 2)).isEqualTo(C1_ONLY);
    assertThat(JitMode.AUTO.jvmArgs(9, 8)).isEqualTo(C1_ONLY);
    assertThat(JitMode.AUTO.jvmArgs(9, 9)).isEmpty();
    assertThat(JitMode.AUTO.jvmArgs(15, 32)).isEmpty();
  }

  @Test
  void anExplicitChoiceHoldsWhateverTheMachine() {
    assertThat(JitMode.C1.jvmArgs(9, 64)).isEqualTo(C1_ONLY);
    assertThat(JitMode.TIERED.jvmArgs(9, 2)).isEmpty();
  }

  @Test
  void theConsoleLineSaysWhichCompilersAndWhy() {
    assertThat(JitMode.AUTO.describe(9, 2))
        .isEqualTo("service JVMs compile with C1 alone (--jit auto; 9 JVMs on 2 cores)");
    assertThat(JitMode.TIERED.describe(9, 2))
        .isEqualTo(
            "service JVMs compile with C1, then C2 for hot code (--jit tiered; 9 JVMs on 2 cores)");
  }
}
