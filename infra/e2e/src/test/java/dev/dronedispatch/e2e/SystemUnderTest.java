package dev.dronedispatch.e2e;

import dev.dronedispatch.checking.fault.FaultLog;
import dev.dronedispatch.checking.fault.Restartable;
import dev.dronedispatch.launcher.LaunchOptions;
import dev.dronedispatch.launcher.LocalSystem;
import dev.dronedispatch.launcher.PortBlock;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts the local system the way {@code ./run.sh} does, on a block of free loopback ports, and
 * makes its services targets of the checking kit's faults.
 */
final class SystemUnderTest {

  private SystemUnderTest() {}

  /**
   * The default demo as {@code ./run.sh} starts it: the launcher's fleet and time acceleration, and
   * the bursty order generator.
   */
  static LocalSystem startDefaultDemo() throws Exception {
    Path root = Path.of(System.getProperty("project.root", "../..")).toAbsolutePath().normalize();
    Path data = Files.createTempDirectory("dronedispatch-e2e-");
    return new LocalSystem(
            PortBlock.options(
                    PortBlock.reserve(),
                    root,
                    data,
                    Integer.parseInt(LaunchOptions.DEFAULT_DRONES),
                    Double.parseDouble(LaunchOptions.DEFAULT_TIME_ACCELERATION),
                    false,
                    1)
                .withOrderGenerator(1.0),
            line -> System.out.println("[e2e] " + line))
        .start();
  }

  /** The local system with one dispatch instance, without the order generator. */
  static LocalSystem start(int drones, double timeAcceleration) throws Exception {
    Path root = Path.of(System.getProperty("project.root", "../..")).toAbsolutePath().normalize();
    Path data = Files.createTempDirectory("dronedispatch-e2e-");
    return new LocalSystem(
            PortBlock.options(PortBlock.reserve(), root, data, drones, timeAcceleration, false, 1),
            line -> System.out.println("[e2e] " + line))
        .start();
  }

  /** A service of the system as a fault target: killed by its current pid, restarted as it was. */
  static Restartable service(LocalSystem system, String name) {
    return Restartable.of(
        name, () -> ProcessHandle.of(system.pid(name)).orElseThrow(), () -> system.restart(name));
  }

  /** A fault log that prints what each fault did, among the test's other console lines. */
  static FaultLog faultLog() {
    return new FaultLog(event -> System.out.println("[e2e] fault " + event));
  }
}
