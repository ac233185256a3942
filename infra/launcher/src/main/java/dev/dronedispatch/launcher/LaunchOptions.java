package dev.dronedispatch.launcher;

import java.nio.file.Path;

/** What the user asked the launcher for: where things live and which ports and sizes to use. */
public record LaunchOptions(
    Path home,
    Path dataDir,
    int kafkaPort,
    int kafkaControllerPort,
    int partitions,
    int kvCoordinatorPort,
    int kvFirstNodePort,
    int kvNodes,
    int gatewayPort,
    int dispatchPort,
    int dispatchers,
    int telemetryPort,
    int drones,
    double timeAcceleration,
    boolean orderGenerator,
    double orderLoad) {

  public String kafkaBootstrap() {
    return "127.0.0.1:" + kafkaPort;
  }

  public String kvUrl() {
    return "http://127.0.0.1:" + kvCoordinatorPort;
  }

  public String gatewayUrl() {
    return "http://127.0.0.1:" + gatewayPort;
  }

  /** The executable jar a module's build leaves in its target directory. */
  public Path executableJar(String moduleDir, String jarName) {
    return home.resolve(moduleDir).resolve("target").resolve(jarName);
  }

  /**
   * The management port of dispatch instance {@code index} (from 0): the first takes {@code
   * dispatchPort}, each further one {@link #DISPATCH_PORT_STRIDE} more, clear of the other
   * services' ports that follow {@code dispatchPort}.
   */
  public int dispatchPort(int index) {
    return dispatchPort + index * DISPATCH_PORT_STRIDE;
  }

  public static final int DISPATCH_PORT_STRIDE = 10;

  /** The default demo's fleet: it keeps up with the default order load. */
  public static final String DEFAULT_DRONES = "150";

  /** The default demo's simulated seconds per real second, so it moves visibly. */
  public static final String DEFAULT_TIME_ACCELERATION = "10";

  /** The same system with the order generator on, at {@code load} times its default rates. */
  public LaunchOptions withOrderGenerator(double load) {
    return new LaunchOptions(
        home,
        dataDir,
        kafkaPort,
        kafkaControllerPort,
        partitions,
        kvCoordinatorPort,
        kvFirstNodePort,
        kvNodes,
        gatewayPort,
        dispatchPort,
        dispatchers,
        telemetryPort,
        drones,
        timeAcceleration,
        true,
        load);
  }

  /**
   * The simulator's fault switch, next to its management port; it listens on loopback only, so only
   * this machine's operator and tests reach it.
   */
  public int faultSwitchPort() {
    return telemetryPort + 1;
  }

  public String kvNodeUrl(int index) {
    return "http://127.0.0.1:" + (kvFirstNodePort + index);
  }
}
