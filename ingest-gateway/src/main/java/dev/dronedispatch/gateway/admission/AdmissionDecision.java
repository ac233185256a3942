package dev.dronedispatch.gateway.admission;

import java.util.Optional;

/** What to do with a new order of one class. */
public sealed interface AdmissionDecision {

  /** Take it; with the class's current estimate when one is known (not while warming up). */
  record Admitted(Optional<ClassAdmission> estimate) implements AdmissionDecision {}

  /** Refuse it: the class's estimated wait is over the limit, {@code maxWaitS}. */
  record Refused(ClassAdmission estimate, long maxWaitS) implements AdmissionDecision {}
}
