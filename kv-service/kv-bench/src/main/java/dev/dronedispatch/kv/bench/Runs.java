package dev.dronedispatch.kv.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * How a cell is measured: {@code repeat} closed-loop runs, each with a fresh seed, of which the one
 * with the median successful ops/s stands for the cell (on a shared machine one run can fall on a
 * burst of someone else's load).
 */
record Runs(int repeat, Duration warmup, Duration measure) {

  /** The median run, every run's ok ops/s (empty with one run), and operations per call. */
  record Median(ClosedLoop.Cell cell, String each, int opsPerCall) {

    /**
     * The measured columns of a table row: ok ops/s, calls/s when a call is a batch, p50 and p99 ms
     * of a call, refused calls, errors, and every run's ok ops/s when there were several.
     */
    String columns() {
      String calls =
          opsPerCall == 1 ? "" : String.format(Locale.ROOT, " %,.0f |", cell.okPerSecond());
      return String.format(
          Locale.ROOT,
          " %,.0f |%s %.2f | %.2f | %d | %d |%s",
          cell.okPerSecond() * opsPerCall,
          calls,
          cell.latency().getValueAtPercentile(50) / 1e6,
          cell.latency().getValueAtPercentile(99) / 1e6,
          cell.refused(),
          cell.errors(),
          each);
    }
  }

  /** {@code opsPerCall}: operations one successful call counts (a batch's size). */
  Median median(Supplier<Workload> seeded, int clients, int opsPerCall) {
    List<ClosedLoop.Cell> cells = new ArrayList<>();
    for (int i = 0; i < repeat; i++) {
      ClosedLoop.Cell cell = ClosedLoop.run(seeded.get(), clients, warmup, measure);
      cell.firstError().ifPresent(e -> System.err.println("first error: " + e));
      cells.add(cell);
    }
    String each =
        repeat == 1
            ? ""
            : cells.stream()
                .map(c -> String.format(Locale.ROOT, "%,.0f", c.okPerSecond() * opsPerCall))
                .collect(Collectors.joining(" / ", " ", " |"));
    cells.sort(Comparator.comparingDouble(ClosedLoop.Cell::okPerSecond));
    return new Median(cells.get(cells.size() / 2), each, opsPerCall);
  }

  String header() {
    return repeat == 1 ? "" : " ok ops/s of each run |";
  }

  String separator() {
    return repeat == 1 ? "" : "---|";
  }
}
