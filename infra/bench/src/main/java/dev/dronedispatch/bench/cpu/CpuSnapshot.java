package dev.dronedispatch.bench.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CPU time spent so far by each process of the system under test (a process and its children,
 * so nginx's workers count with their master), by this benchmark's own JVM alone (the load
 * generator, the history reader and, for the ingest and dispatch benchmarks, the in-process parts
 * of the launcher), and by the whole machine ({@code /proc/stat}), at one instant.
 *
 * @param perProcess CPU time by service name, in start order, then {@link #BENCH}
 * @param machineBusy the machine's busy time summed over its cores (everything but idle and iowait)
 * @param cores the machine's logical cores
 */
public record CpuSnapshot(
    Map<String, Duration> perProcess, Duration machineBusy, long nanoTime, int cores) {

  /** The name this benchmark's own JVM is reported under. */
  public static final String BENCH = "bench";

  /** Linux reports {@code /proc/stat} in ticks of 1/100 s (USER_HZ) on every common build. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  public CpuSnapshot {
    perProcess = Collections.unmodifiableMap(new LinkedHashMap<>(perProcess));
  }

  /** Reads the CPU time of each of {@code pids} (service name to pid) and of the machine. */
  public static CpuSnapshot take(Map<String, Long> pids) throws IOException {
    Map<String, Duration> used = new LinkedHashMap<>();
    pids.forEach(
        (name, pid) ->
            used.put(
                name, ProcessHandle.of(pid).map(CpuSnapshot::withChildren).orElse(Duration.ZERO)));
    // this JVM alone: the services it launched are its children, each listed on its own
    used.put(BENCH, cpuOf(ProcessHandle.current()));
    return new CpuSnapshot(
        used,
        machineBusy(Files.readAllLines(Path.of("/proc/stat")).get(0)),
        System.nanoTime(),
        Runtime.getRuntime().availableProcessors());
  }

  /**
   * The busy time in the first ({@code cpu}) line of {@code /proc/stat}: user, nice, system, irq,
   * softirq and steal ticks (guest time is already inside user).
   */
  static Duration machineBusy(String cpuLine) {
    String[] f = cpuLine.trim().split("\\s+");
    if (!f[0].equals("cpu")) {
      throw new IllegalArgumentException("not the total cpu line of /proc/stat: " + cpuLine);
    }
    long ticks = 0;
    for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
      ticks += i < f.length ? Long.parseLong(f[i]) : 0;
    }
    return Duration.ofNanos(ticks * NANOS_PER_TICK);
  }

  private static Duration withChildren(ProcessHandle process) {
    return process.descendants().map(CpuSnapshot::cpuOf).reduce(cpuOf(process), Duration::plus);
  }

  private static Duration cpuOf(ProcessHandle process) {
    return process.info().totalCpuDuration().orElse(Duration.ZERO);
  }
}
