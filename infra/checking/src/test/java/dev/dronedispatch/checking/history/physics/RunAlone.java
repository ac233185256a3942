package dev.dronedispatch.checking.history.physics;

import dev.dronedispatch.checking.history.Recording;
import java.util.List;

/** Runs one physical check by itself, for the tests of that check. */
final class RunAlone {

  private RunAlone() {}

  static CheckReport check(PhysicalCheck check, Recording recording) {
    return PhysicsChecker.check(recording, List.of(check)).get(0);
  }
}
