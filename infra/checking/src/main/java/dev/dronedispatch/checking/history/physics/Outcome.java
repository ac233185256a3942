package dev.dronedispatch.checking.history.physics;

import dev.dronedispatch.checking.history.Violation;

/** What one check concluded about one delivery or one drone. */
public sealed interface Outcome {

  Outcome PASSED = new Passed();

  /** The recording shows the property holds. */
  record Passed() implements Outcome {}

  /** The recording shows the property broken. */
  record Violated(Violation violation) implements Outcome {}

  /** The recording lacks what the check needs (telemetry around the event, the request). */
  record Unverifiable(String why) implements Outcome {}
}
