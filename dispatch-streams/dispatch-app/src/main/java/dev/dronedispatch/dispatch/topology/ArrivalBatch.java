package dev.dronedispatch.dispatch.topology;

/**
 * When the requests that arrived since the last batch are assigned: once the epoch of the first of
 * them is over ({@link BatchCadence}), or as soon as they fill a round.
 */
final class ArrivalBatch {

  private final BatchCadence cadence;
  private final int fullAt;
  private long firstArrivalEpoch;

  ArrivalBatch(BatchCadence cadence, int fullAt) {
    this.cadence = cadence;
    this.fullAt = fullAt;
  }

  /** Notes an arrival; {@code waiting} is how many new arrivals wait now, this one included. */
  void arrived(int waiting, long nowMs) {
    if (waiting == 1) {
      firstArrivalEpoch = cadence.epochAt(nowMs);
    }
  }

  /** Whether {@code waiting} arrivals fill a round. */
  boolean full(int waiting) {
    return waiting >= fullAt;
  }

  /** Whether the {@code waiting} arrivals are to be assigned now. */
  boolean due(int waiting, long nowMs) {
    return full(waiting) || (waiting > 0 && cadence.epochAt(nowMs) > firstArrivalEpoch);
  }
}
