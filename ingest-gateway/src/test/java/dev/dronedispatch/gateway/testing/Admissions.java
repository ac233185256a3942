package dev.dronedispatch.gateway.testing;

import dev.dronedispatch.gateway.admission.AdmissionControl;
import dev.dronedispatch.gateway.admission.AdmissionPolicy;
import java.time.Clock;
import java.time.Duration;

/** Admission control as the gateway configures it by default, on the test's clock. */
public final class Admissions {

  private Admissions() {}

  /** Limit 600 s, reopening at 80 % of it, a two-minute rate window, verdicts stale after 5 s. */
  public static AdmissionControl byDefault(Clock clock) {
    return new AdmissionControl(
        new AdmissionPolicy(true, Duration.ofSeconds(600), 0.8, Duration.ofMinutes(2)),
        Duration.ofSeconds(5),
        clock);
  }
}
