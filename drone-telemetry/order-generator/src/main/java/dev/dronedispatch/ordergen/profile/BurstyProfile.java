package dev.dronedispatch.ordergen.profile;

import java.util.List;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * The original ordergen's traffic shape (original-behaviour.md §11): a Poisson process whose rate
 * follows a repeating cycle LOW1 → PEAK → LOW2 → SILENT. Inter-arrival gaps are exponential at the
 * current phase's rate; a gap that would cross into the next phase is redrawn from the boundary
 * (exact for a piecewise-constant rate, by memorylessness). A silent phase is skipped in one jump
 * to its end, so the caller sleeps through it instead of spinning as the original did.
 */
public final class BurstyProfile implements ArrivalSchedule {

  private final List<Phase> phases;
  private final long cycleNanos;
  private final RandomGenerator random;

  public BurstyProfile(List<Phase> phases, RandomGenerator random) {
    this.phases = List.copyOf(phases);
    this.random = random;
    double total = 0;
    boolean anyTraffic = false;
    for (Phase p : phases) {
      total += p.seconds();
      anyTraffic |= p.ratePerSecond() > 0 && p.seconds() > 0;
    }
    if (!anyTraffic) {
      throw new IllegalArgumentException("the cycle needs a phase with a rate and a duration");
    }
    this.cycleNanos = Math.round(total * 1e9);
  }

  /** The original's four phases. */
  public static List<Phase> cycle(
      double lowRps,
      double peakRps,
      double low1Sec,
      double peakSec,
      double low2Sec,
      double silent) {
    return List.of(
        new Phase("LOW1", lowRps, low1Sec),
        new Phase("PEAK", peakRps, peakSec),
        new Phase("LOW2", lowRps, low2Sec),
        new Phase("SILENT", 0, silent));
  }

  @Override
  public OptionalLong next(long previousNanos) {
    long t = previousNanos;
    while (true) {
      long cycleStart = t - Math.floorMod(t, cycleNanos);
      long offset = t - cycleStart;
      long phaseStart = 0;
      for (Phase p : phases) {
        long phaseEnd = phaseStart + Math.round(p.seconds() * 1e9);
        if (offset < phaseEnd) {
          if (p.ratePerSecond() > 0) {
            double gapSec = -Math.log(1.0 - random.nextDouble()) / p.ratePerSecond();
            long candidate = t + Math.round(gapSec * 1e9);
            if (candidate < cycleStart + phaseEnd) {
              return OptionalLong.of(candidate);
            }
          }
          t = cycleStart + phaseEnd;
          break;
        }
        phaseStart = phaseEnd;
      }
    }
  }

  /** The phase at {@code nanos} since the start, for progress output. */
  public Phase phaseAt(long nanos) {
    long offset = Math.floorMod(nanos, cycleNanos);
    long phaseStart = 0;
    for (Phase p : phases) {
      long phaseEnd = phaseStart + Math.round(p.seconds() * 1e9);
      if (offset < phaseEnd) {
        return p;
      }
      phaseStart = phaseEnd;
    }
    return phases.get(phases.size() - 1);
  }
}
