package dev.dronedispatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.bench.chaos.ChaosBench;
import dev.dronedispatch.bench.chaos.ChaosReport;
import dev.dronedispatch.bench.chaos.ChaosRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The three-minute version of {@code ./bench.sh chaos}: the scaled deployment (three brokers, three
 * gateways behind nginx, two dispatch instances) under steady keyed orders while the nemesis kills
 * and restarts a dispatch instance, a broker, a KV node and a KV coordinator in turn; judged by the
 * KV's end states of every acknowledged delivery and the history checker over the topics.
 */
class ChaosE2ETest {

  private static final int MINUTES = 3;

  /** Through the first KV coordinator's kill (the plan's fourth step). */
  private static final int MINIMUM_FAULTS = 4;

  private static final double RATE = 5;
  private static final int DRONES = 200;
  private static final double TIME_ACCELERATION = 60;
  private static final int FAULT_GAP_SECONDS = 5;
  private static final int SETTLE_MINUTES = 3;

  @Test
  void threeMinutesOfFaultsLoseNothingViolateNothingAndLeaveNothingStuck() throws Exception {
    Path root = Path.of(System.getProperty("project.root", "../..")).toAbsolutePath().normalize();
    ChaosReport report =
        new ChaosRun(
                ChaosBench.settings(
                    root,
                    Files.createTempDirectory("dronedispatch-chaos-"),
                    MINUTES,
                    MINIMUM_FAULTS,
                    RATE,
                    DRONES,
                    TIME_ACCELERATION,
                    FAULT_GAP_SECONDS,
                    SETTLE_MINUTES),
                line -> System.out.println("[chaos] " + line))
            .run();
    System.out.println(report.summaryLine());

    assertThat(report.faults()).as("faults injected").isGreaterThanOrEqualTo(MINIMUM_FAULTS);
    assertThat(report.acked()).as("acknowledged orders").isGreaterThan((int) (RATE * 60));
    assertThat(report.lost()).as("acknowledged deliveries the KV does not hold").isZero();
    assertThat(report.unrecovered()).as("faults the system did not recover from").isEmpty();
    assertThat(report.serverFailures()).as("5xx other than 503 with Retry-After").isZero();
    assertThat(report.auditViolations()).as("history checker violations").isZero();
    assertThat(report.failedWithoutReason()).as("failed without a reason").isZero();
    assertThat(report.poisonWithoutDeadLetter())
        .as("poison records no consumer set aside in <topic>.dlq")
        .isZero();
    assertThat(report.stuck()).as("neither delivered nor failed").isZero();
  }
}
