package dev.dronedispatch.ordergen.profile;

import java.util.OptionalLong;

/**
 * When the next order is due, in nanoseconds since the run started: an open-loop schedule that
 * never depends on how fast earlier orders were answered.
 */
public interface ArrivalSchedule {

  /**
   * The intended send time of the order after one intended at {@code previousNanos} (the first call
   * passes 0), strictly later or equal; empty when the schedule has no more arrivals.
   */
  OptionalLong next(long previousNanos);
}
