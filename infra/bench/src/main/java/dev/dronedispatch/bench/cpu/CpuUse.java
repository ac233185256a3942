package dev.dronedispatch.bench.cpu;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where the CPU went between two snapshots: the cores each process used on average, what the
 * machine used in all (what no listed process used is {@code other}: the kernel's own work and
 * anything else running), and the CPU the whole machine spent per accepted order. On a saturated
 * machine that last figure bounds the throughput: cores ÷ CPU per order.
 */
public record CpuUse(
    Map<String, Double> coresPerProcess, double machineCores, int cores, double seconds) {

  public CpuUse {
    coresPerProcess = Collections.unmodifiableMap(new LinkedHashMap<>(coresPerProcess));
  }

  public static CpuUse between(CpuSnapshot before, CpuSnapshot after) {
    double seconds = (after.nanoTime() - before.nanoTime()) / 1e9;
    if (seconds <= 0) {
      throw new IllegalArgumentException("the second snapshot is not later than the first");
    }
    Map<String, Double> per = new LinkedHashMap<>();
    after
        .perProcess()
        .forEach(
            (name, used) -> {
              Duration was = before.perProcess().getOrDefault(name, Duration.ZERO);
              // A process restarted in between starts again from zero: count what it used since.
              Duration spent = used.compareTo(was) >= 0 ? used.minus(was) : used;
              per.put(name, spent.toNanos() / 1e9 / seconds);
            });
    double machine = after.machineBusy().minus(before.machineBusy()).toNanos() / 1e9 / seconds;
    return new CpuUse(per, machine, after.cores(), seconds);
  }

  /** What no listed process used: the kernel, and anything else on the machine. */
  public double otherCores() {
    return Math.max(0, machineCores - coresPerProcess.values().stream().mapToDouble(d -> d).sum());
  }

  /** Milliseconds of the whole machine's CPU per order, for {@code ordersPerSecond} accepted. */
  public double machineMillisPerOrder(double ordersPerSecond) {
    return ordersPerSecond > 0 ? machineCores * 1000 / ordersPerSecond : Double.NaN;
  }

  /**
   * One line: {@code cpu: <process>=<cores> … other=<cores> machine=<cores>/<cores>
   * ms_per_order=<ms>} for {@code ordersPerSecond} accepted in the window.
   */
  public String format(double ordersPerSecond) {
    String processes =
        coresPerProcess.entrySet().stream()
            .map(e -> String.format(Locale.ROOT, "%s=%.2f", e.getKey(), e.getValue()))
            .collect(Collectors.joining(" "));
    return String.format(
        Locale.ROOT,
        "cpu: %s other=%.2f machine=%.2f/%d ms_per_order=%.1f",
        processes,
        otherCores(),
        machineCores,
        cores,
        machineMillisPerOrder(ordersPerSecond));
  }
}
