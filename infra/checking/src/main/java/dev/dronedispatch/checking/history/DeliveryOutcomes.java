package dev.dronedispatch.checking.history;

/**
 * How the deliveries a history names stand at its end: delivered, failed (by the reason given), or
 * unfinished: still on their way, waiting for a drone, or failed without saying why. Each delivery
 * is counted once, by how it first ended.
 */
public record DeliveryOutcomes(int delivered, FailureCounts failed, int unfinished) {

  public int deliveries() {
    return delivered + failed.total() + unfinished;
  }
}
