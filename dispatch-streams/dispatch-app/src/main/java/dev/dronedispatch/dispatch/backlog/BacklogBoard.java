package dev.dronedispatch.dispatch.backlog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest backlog report of every dispatch task, as this instance reads them from the backlog
 * topic (fed by a global store, so every instance sees every task). Reports older than
 * BACKLOG_STALE_MS are ignored: a task that moved to another instance or died stops counting once
 * its last word is old. Thread-safe: the global-store thread writes while stream threads read.
 */
public final class BacklogBoard {

  private final Map<String, BacklogReport> reports = new HashMap<>();
  private final Duration staleAfter;

  public BacklogBoard(Duration staleAfter) {
    this.staleAfter = staleAfter;
  }

  /**
   * The report of the task named {@code task} (its partition, as the backlog topic keys it) arrived
   * or was restored; a null report forgets the task.
   */
  public synchronized void onReport(String task, BacklogReport report) {
    if (report == null) {
      reports.remove(task);
    } else {
      reports.merge(task, report, (old, neu) -> neu.ts().isBefore(old.ts()) ? old : neu);
    }
  }

  /** The fresh reports of every task but {@code partition}. */
  public synchronized List<BacklogReport> others(int partition, Instant now) {
    Instant cutoff = now.minus(staleAfter);
    List<BacklogReport> out = new ArrayList<>();
    reports.forEach(
        (task, r) -> {
          if (r.partition() != partition && !r.ts().isBefore(cutoff)) {
            out.add(r);
          }
        });
    return out;
  }
}
