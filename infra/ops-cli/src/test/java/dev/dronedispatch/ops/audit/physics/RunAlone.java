package dev.dronedispatch.ops.audit.physics;

import dev.dronedispatch.ops.audit.Recording;
import java.util.List;

/** Runs one physical check by itself, for the tests of that check. */
final class RunAlone {

  private RunAlone() {}

  static CheckReport check(PhysicalCheck check, Recording recording) {
    return PhysicsChecker.check(recording, List.of(check)).get(0);
  }
}
