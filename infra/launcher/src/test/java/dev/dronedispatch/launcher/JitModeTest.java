package dev.dronedispatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JitModeTest {

  private static final List<String> C1_ONLY = List.of("-XX:TieredStopAtLevel=1");

  @Test
  void autoRunsTheQuickCompilerAloneWhenTheJvmsOutnumberTheCores() {
    for (boolean gateway : new boolean[] {false, true}) {
      assertThat(JitMode.AUTO.jvmArgs(gateway, 9, 2)).isEqualTo(C1_ONLY);
      assertThat(JitMode.AUTO.jvmArgs(gateway, 9, 8)).isEqualTo(C1_ONLY);
      assertThat(JitMode.AUTO.jvmArgs(gateway, 9, 9)).isEmpty();
      assertThat(JitMode.AUTO.jvmArgs(gateway, 15, 32)).isEmpty();
    }
  }

  @Test
  void anExplicitChoiceHoldsWhateverTheMachine() {
    assertThat(JitMode.C1.jvmArgs(true, 9, 64)).isEqualTo(C1_ONLY);
    assertThat(JitMode.TIERED.jvmArgs(false, 9, 2)).isEmpty();
  }

  @Test
  void gatewaysKeepTheOptimisingCompilerAndEveryOtherServiceRunsC1Alone() {
    assertThat(JitMode.GATEWAYS.jvmArgs(true, 9, 2)).isEmpty();
    assertThat(JitMode.GATEWAYS.jvmArgs(false, 9, 2)).isEqualTo(C1_ONLY);
    assertThat(JitMode.GATEWAYS.jvmArgs(false, 9, 64)).isEqualTo(C1_ONLY);
  }

  @Test
  void theConsoleLineSaysWhichCompilersAndWhy() {
    assertThat(JitMode.AUTO.describe(9, 2))
        .isEqualTo("service JVMs compile with C1 alone (--jit auto; 9 JVMs on 2 cores)");
    assertThat(JitMode.TIERED.describe(9, 2))
        .isEqualTo(
            "service JVMs compile with C1, then C2 for hot code (--jit tiered; 9 JVMs on 2 cores)");
    assertThat(JitMode.GATEWAYS.describe(9, 2))
        .isEqualTo(
            "service JVMs compile with C1 alone, the gateways C1, then C2 for hot code (--jit"
                + " gateways; 9 JVMs on 2 cores)");
  }
}
