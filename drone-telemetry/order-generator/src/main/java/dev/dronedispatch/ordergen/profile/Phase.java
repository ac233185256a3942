package dev.dronedispatch.ordergen.profile;

/** One phase of the bursty cycle: a Poisson rate held for a duration. */
public record Phase(String name, double ratePerSecond, double seconds) {

  public Phase {
    if (ratePerSecond < 0 || seconds < 0) {
      throw new IllegalArgumentException("phase " + name + " needs rate >= 0 and seconds >= 0");
    }
  }
}
