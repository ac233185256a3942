package dev.dronedispatch.dispatch.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a drone is lost (DRONE_LOST_AFTER_MS): it sent nothing for that long ({@code lost:silent}),
 * or it holds a delivery and has not moved for that long since it got it ({@code lost:stuck} — a
 * stranded drone keeps reporting from where it came down). And when a lost drone is found again: it
 * reports, and either moves (a lost drone flies back to a charger) or is at a charger already. A
 * lost drone that reports from where it stranded is not found: given a delivery, it would only be
 * lost again with it. Pure.
 */
public final class LivenessJudge {

  private final Duration lostAfter;

  public LivenessJudge(Duration lostAfter) {
    this.lostAfter = lostAfter;
  }

  public Duration lostAfter() {
    return lostAfter;
  }

  /** Why a drone without a delivery is lost, if it is: only silence counts (parked drones sit). */
  public Optional<String> lostWhileFree(DroneSighting s) {
    return silent(s) ? Optional.of(FleetTransition.LOST_SILENT) : Optional.empty();
  }

  /** Why a drone holding a delivery since {@code busySince} is lost, if it is. */
  public Optional<String> lostWhileBusy(DroneSighting s, Instant busySince) {
    if (silent(s)) {
      return Optional.of(FleetTransition.LOST_SILENT);
    }
    Instant movingSince =
        busySince != null && busySince.isAfter(s.lastMoved()) ? busySince : s.lastMoved();
    // stuck needs the drone's own word: a report from the same place the lost time later (a drone
    // that went quiet right after its assignment is silent, not stuck)
    return Duration.between(movingSince, s.lastHeard()).compareTo(lostAfter) >= 0
        ? Optional.of(FleetTransition.LOST_STUCK)
        : Optional.empty();
  }

  /** Whether a lost drone is back: heard, and moving or at a charger. */
  public boolean found(DroneSighting s, boolean atCharge) {
    return !silent(s) && (atCharge || !s.lastMoved().isBefore(cutoff(s)));
  }

  private boolean silent(DroneSighting s) {
    return s.lastHeard().isBefore(cutoff(s));
  }

  private Instant cutoff(DroneSighting s) {
    return s.newestReport().minus(lostAfter);
  }
}
