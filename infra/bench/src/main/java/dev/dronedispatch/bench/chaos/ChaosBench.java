package dev.dronedispatch.bench.chaos;

import dev.dronedispatch.bench.BenchSystem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./bench.sh chaos}: the scaled deployment under steady load while a nemesis works. */
@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    description =
        "Runs the scaled deployment under steady load while a nemesis kills, restarts and pauses"
            + " services and fails drones; then checks that every acknowledged delivery ended and"
            + " the history holds. Exit code 1 when anything was lost, violated or stuck.")
public final class ChaosBench implements Callable<Integer> {

  @Option(
      names = "--minutes",
      defaultValue = "10",
      description = "Minutes of load and faults. Default: ${DEFAULT-VALUE}.")
  int minutes;

  @Option(
      names = "--min-faults",
      defaultValue = "3",
      description =
          "Faults the nemesis must inject: the load goes on past --minutes until it has, for at"
              + " most half as long again (restarts are slow on a starved machine)."
              + " Default: ${DEFAULT-VALUE}.")
  int minimumFaults;

  @Option(
      names = "--rate",
      defaultValue = "10",
      description =
          "Orders offered a second (open loop). Default: ${DEFAULT-VALUE}, what this project's"
              + " two-core reference machine ends within the settle time under faults"
              + " (docs/reliability.md).")
  double rate;

  @Option(
      names = "--drones",
      defaultValue = "300",
      description = "Fleet size. Default: ${DEFAULT-VALUE}.")
  int drones;

  @Option(
      names = "--time-acceleration",
      defaultValue = "60",
      description =
          "Simulated seconds per real second, so flights end within the run. Default:"
              + " ${DEFAULT-VALUE}.")
  double timeAcceleration;

  @Option(
      names = "--fault-gap-seconds",
      defaultValue = "15",
      description = "Seconds between the end of one fault and the next. Default: ${DEFAULT-VALUE}.")
  int faultGapSeconds;

  @Option(
      names = "--settle-minutes",
      defaultValue = "5",
      description =
          "Minutes the system may take after the load to end every acknowledged delivery."
              + " Default: ${DEFAULT-VALUE}.")
  int settleMinutes;

  @Mixin BenchSystem bench;

  @Override
  public Integer call() throws Exception {
    if (minutes < 1 || settleMinutes < 1 || faultGapSeconds < 0 || minimumFaults < 0) {
      System.err.println(
          "--minutes and --settle-minutes must be >= 1, --fault-gap-seconds and --min-faults >= 0");
      return 2;
    }
    ChaosReport report =
        new ChaosRun(
                settings(
                    bench.home(),
                    bench.freshDataDir(),
                    minutes,
                    minimumFaults,
                    rate,
                    drones,
                    timeAcceleration,
                    faultGapSeconds,
                    settleMinutes),
                line -> System.out.println("[chaos] " + line))
            .run();
    System.out.println(report.summaryLine());
    return report.clean() ? 0 : 1;
  }

  /** The nemesis leaves a killed service down 5 s and pauses a KV node for 5 s. */
  public static ChaosSettings settings(
      Path home,
      Path data,
      int minutes,
      int minimumFaults,
      double rate,
      int drones,
      double timeAcceleration,
      int faultGapSeconds,
      int settleMinutes) {
    return new ChaosSettings(
        home,
        data,
        Duration.ofMinutes(minutes),
        minimumFaults,
        rate,
        drones,
        timeAcceleration,
        Duration.ofSeconds(faultGapSeconds),
        Duration.ofSeconds(5),
        Duration.ofSeconds(5),
        Duration.ofMinutes(settleMinutes));
  }
}
