package dev.dronedispatch.checking.fault;

import java.time.Instant;

/** One thing a fault did to a target, and when. */
public record FaultEvent(Instant at, String fault, String target, String detail) {

  @Override
  public String toString() {
    return at + " " + fault + " " + target + ": " + detail;
  }
}
