package dev.dronedispatch.e2e;

import dev.dronedispatch.launcher.LocalSystem;
import dev.dronedispatch.launcher.PortBlock;
import java.nio.file.Files;
import java.nio.file.Path;

/** Starts the local system the way {@code ./run.sh} does, on a block of free loopback ports. */
final class SystemUnderTest {

  private SystemUnderTest() {}

  static LocalSystem start(int drones, double timeAcceleration) throws Exception {
    return start(drones, timeAcceleration, 1);
  }

  /** With {@code dispatchers} dispatch instances (at most two on a port block). */
  static LocalSystem start(int drones, double timeAcceleration, int dispatchers) throws Exception {
    Path root = Path.of(System.getProperty("project.root", "../..")).toAbsolutePath().normalize();
    Path data = Files.createTempDirectory("dronedispatch-e2e-");
    return new LocalSystem(
            PortBlock.options(
                PortBlock.reserve(), root, data, drones, timeAcceleration, false, dispatchers),
            line -> System.out.println("[e2e] " + line))
        .start();
  }
}
