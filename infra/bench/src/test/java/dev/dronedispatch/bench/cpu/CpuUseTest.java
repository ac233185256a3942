package dev.dronedispatch.bench.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuUseTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void coresPerProcessAreTheCpuTimeSpentOverTheWallTime() {
    CpuSnapshot before =
        snapshot(0, Duration.ofSeconds(10), "gateway", 4_000, "kv-coordinator", 1_000);
    CpuSnapshot after =
        snapshot(10 * SECOND, Duration.ofSeconds(29), "gateway", 11_000, "kv-coordinator", 4_000);

    CpuUse use = CpuUse.between(before, after);

    assertThat(use.seconds()).isEqualTo(10.0);
    assertThat(use.coresPerProcess())
        .containsEntry("gateway", 0.7)
        .containsEntry("kv-coordinator", 0.3);
    assertThat(use.machineCores()).isEqualTo(1.9);
    assertThat(use.otherCores()).isCloseTo(0.9, offset(1e-9));
    // 1.9 cores for 95 orders/s: 20 ms of the machine's CPU per order.
    assertThat(use.machineMillisPerOrder(95)).isCloseTo(20.0, offset(1e-9));
    assertThat(use.format(95))
        .isEqualTo(
            "cpu: gateway=0.70 kv-coordinator=0.30 other=0.90 machine=1.90/2 ms_per_order=20.0");
  }

  @Test
  void aProcessRestartedInTheWindowCountsOnlyWhatItUsedSince() {
    CpuSnapshot before = snapshot(0, Duration.ZERO, "dispatch-1", 50_000, "gateway", 0);
    CpuSnapshot after =
        snapshot(2 * SECOND, Duration.ofSeconds(2), "dispatch-1", 1_000, "gateway", 0);

    assertThat(CpuUse.between(before, after).coresPerProcess()).containsEntry("dispatch-1", 0.5);
  }

  @Test
  void noOrderAcceptedGivesNoCostPerOrder() {
    CpuSnapshot before = snapshot(0, Duration.ZERO, "gateway", 0, "kv-coordinator", 0);
    CpuSnapshot after =
        snapshot(SECOND, Duration.ofSeconds(1), "gateway", 500, "kv-coordinator", 0);

    assertThat(CpuUse.between(before, after).format(0)).endsWith("ms_per_order=NaN");
  }

  @Test
  void snapshotsOutOfOrderAreRefused() {
    CpuSnapshot s = snapshot(SECOND, Duration.ZERO, "gateway", 0, "kv-coordinator", 0);

    assertThatThrownBy(() -> CpuUse.between(s, s)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theMachineIsBusyInUserNiceSystemIrqSoftirqAndStealTicks() {
    // user nice system idle iowait irq softirq steal guest guest_nice, in 1/100 s
    assertThat(CpuSnapshot.machineBusy("cpu  100 20 30 5000 400 1 2 3 7 0"))
        .isEqualTo(Duration.ofMillis(1560));
    assertThatThrownBy(() -> CpuSnapshot.machineBusy("cpu0 1 2 3 4"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSnapshotOfThisProcessSeesItsOwnCpuAndTheMachines() throws IOException {
    CpuSnapshot s = CpuSnapshot.take(Map.of("self", ProcessHandle.current().pid()));

    assertThat(s.perProcess().get("self")).isPositive();
    assertThat(s.perProcess().get(CpuSnapshot.BENCH)).isPositive();
    assertThat(s.machineBusy()).isPositive();
    assertThat(s.cores()).isPositive();
  }

  @Test
  void theBenchIsThisJvmAloneNotTheServicesItLaunched() throws Exception {
    // a child that burns CPU, as a launched service does
    Process child =
        new ProcessBuilder("sh", "-c", "while :; do :; done").redirectErrorStream(true).start();
    try {
      ProcessHandle handle = child.toHandle();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (handle.info().totalCpuDuration().orElse(Duration.ZERO).toMillis() < 300
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }

      CpuSnapshot s = CpuSnapshot.take(Map.of("service", child.pid()));
      Duration ownLater = ProcessHandle.current().info().totalCpuDuration().orElseThrow();

      assertThat(s.perProcess().get("service")).isGreaterThanOrEqualTo(Duration.ofMillis(300));
      assertThat(s.perProcess().get(CpuSnapshot.BENCH)).isLessThanOrEqualTo(ownLater);
    } finally {
      child.destroyForcibly().waitFor();
    }
  }

  private static CpuSnapshot snapshot(
      long nanoTime, Duration machine, String a, long aMillis, String b, long bMillis) {
    Map<String, Duration> per = new LinkedHashMap<>();
    per.put(a, Duration.ofMillis(aMillis));
    per.put(b, Duration.ofMillis(bMillis));
    return new CpuSnapshot(per, machine, nanoTime, 2);
  }
}
