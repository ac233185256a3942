package dev.dronedispatch.bench;

import dev.dronedispatch.bench.chaos.ChaosBench;
import dev.dronedispatch.bench.demo.DemoBench;
import dev.dronedispatch.bench.ingest.IngestBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Whole-system benchmarks, run by {@code ./bench.sh <name> ...} at the repository root. Each one
 * starts the local system it needs on free loopback ports (as {@code ./run.sh} starts it, on a
 * fresh data directory), drives it for a bounded time, stops it, and ends with one summary line.
 */
@Command(
    name = "bench.sh",
    mixinStandardHelpOptions = true,
    description = "Whole-system benchmarks; each ends with one summary line.",
    subcommands = {DispatchBench.class, IngestBench.class, DemoBench.class, ChaosBench.class})
public final class BenchMain {

  public static void main(String[] args) {
    System.exit(
        new CommandLine(new BenchMain()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }
}
