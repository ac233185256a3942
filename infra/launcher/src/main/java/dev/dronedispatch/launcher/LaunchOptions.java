package dev.dronedispatch.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What the user asked the launcher for: where things live, which ports and sizes to use, and how
 * many instances of each replicated service run. Instance n (from 0) of a replicated service
 * listens {@link #PORT_STRIDE} × n above the first one's port.
 */
public record LaunchOptions(
    Path home,
    Path dataDir,
    int kafkaPort,
    int kafkaControllerPort,
    int brokers,
    int partitions,
    int kvCoordinatorPort,
    int kvFirstNodePort,
    int kvNodes,
    int gatewayPort,
    int gateways,
    int dispatchPort,
    int dispatchers,
    int telemetryPort,
    int drones,
    double timeAcceleration,
    boolean orderGenerator,
    double orderLoad,
    JitMode jit) {

  /** Ports between two instances of the same service, clear of the other services' ports. */
  public static final int PORT_STRIDE = 10;

  /** The default demo's fleet: it keeps up with the default order load. */
  public static final String DEFAULT_DRONES = "150";

  /** The default demo's simulated seconds per real second, so it moves visibly. */
  public static final String DEFAULT_TIME_ACCELERATION = "10";

  /** Brokers, gateways and dispatch instances of the scaled deployment (docker-compose.yml). */
  public static final int SCALED_BROKERS = 3;

  public static final int SCALED_GATEWAYS = 3;
  public static final int SCALED_DISPATCHERS = 2;

  /** KV coordinators of the scaled deployment: any one may die without stopping a write. */
  public static final int SCALED_KV_COORDINATORS = 2;

  public LaunchOptions {
    if (brokers != 1 && brokers != SCALED_BROKERS) {
      throw new IllegalArgumentException("one broker or a quorum of three, not " + brokers);
    }
    if (gateways < 1 || dispatchers < 1) {
      throw new IllegalArgumentException("at least one gateway and one dispatch instance");
    }
  }

  /**
   * Whether Kafka lets in only the services' identities (SASL/SCRAM, ACLs): the scaled deployment's
   * quorum does; the default single broker, on loopback, stays PLAINTEXT.
   */
  public boolean kafkaSecured() {
    return brokers > 1;
  }

  /** The same system in the scaled deployment's shape: three brokers, gateways behind nginx. */
  public LaunchOptions scaled() {
    return reshaped(
        SCALED_BROKERS,
        SCALED_GATEWAYS,
        Math.max(dispatchers, SCALED_DISPATCHERS),
        orderGenerator,
        orderLoad,
        jit);
  }

  /** The same system with {@code count} gateways (behind nginx when more than one). */
  public LaunchOptions withGateways(int count) {
    return reshaped(brokers, count, dispatchers, orderGenerator, orderLoad, jit);
  }

  /** The same system with the order generator on, at {@code load} times its default rates. */
  public LaunchOptions withOrderGenerator(double load) {
    return reshaped(brokers, gateways, dispatchers, true, load, jit);
  }

  /** The same system with its service JVMs' compilers chosen by {@code mode}. */
  public LaunchOptions withJit(JitMode mode) {
    return reshaped(brokers, gateways, dispatchers, orderGenerator, orderLoad, mode);
  }

  /** These ports, directories and fleet with another shape, load and JIT: the withers' one copy. */
  private LaunchOptions reshaped(
      int brokers,
      int gateways,
      int dispatchers,
      boolean orderGenerator,
      double orderLoad,
      JitMode jit) {
    return new LaunchOptions(
        home,
        dataDir,
        kafkaPort,
        kafkaControllerPort,
        brokers,
        partitions,
        kvCoordinatorPort,
        kvFirstNodePort,
        kvNodes,
        gatewayPort,
        gateways,
        dispatchPort,
        dispatchers,
        telemetryPort,
        drones,
        timeAcceleration,
        orderGenerator,
        orderLoad,
        jit);
  }

  /** The client port of broker {@code index}. */
  public int kafkaPort(int index) {
    return kafkaPort + index * PORT_STRIDE;
  }

  /** The KRaft controller port of broker {@code index}. */
  public int kafkaControllerPort(int index) {
    return kafkaControllerPort + index * PORT_STRIDE;
  }

  /** Every broker, as clients name them. */
  public String kafkaBootstrap() {
    return IntStream.range(0, brokers)
        .mapToObj(i -> "127.0.0.1:" + kafkaPort(i))
        .collect(Collectors.joining(","));
  }

  /** The KRaft quorum: every broker as {@code nodeId@host:controllerPort}. */
  public List<String> kafkaQuorum() {
    return IntStream.range(0, brokers)
        .mapToObj(i -> (i + 1) + "@127.0.0.1:" + kafkaControllerPort(i))
        .toList();
  }

  /** The KV coordinators: one by default, {@link #SCALED_KV_COORDINATORS} when scaled. */
  public int kvCoordinators() {
    return brokers > 1 ? SCALED_KV_COORDINATORS : 1;
  }

  /** The port of KV coordinator {@code index}: one stride up per instance. */
  public int kvCoordinatorPort(int index) {
    return kvCoordinatorPort + index * PORT_STRIDE;
  }

  /** KV coordinator {@code index}'s own URL (its health, its admin endpoints). */
  public String kvCoordinatorUrl(int index) {
    return "http://127.0.0.1:" + kvCoordinatorPort(index);
  }

  /** What the KV's clients are given ({@code KV_URL}): every coordinator, comma-separated. */
  public String kvUrl() {
    return IntStream.range(0, kvCoordinators())
        .mapToObj(this::kvCoordinatorUrl)
        .collect(Collectors.joining(","));
  }

  public String kvNodeUrl(int index) {
    return "http://127.0.0.1:" + (kvFirstNodePort + index);
  }

  /** Whether nginx balances several gateways; then it takes the public port. */
  public boolean balanced() {
    return gateways > 1;
  }

  /** Where users and the order generator reach the API and dashboard. */
  public String gatewayUrl() {
    return "http://127.0.0.1:" + gatewayPort;
  }

  /**
   * The port of gateway {@code index}: the public port itself when it runs alone; behind nginx,
   * which takes the public port, one stride up per instance.
   */
  public int gatewayInstancePort(int index) {
    return balanced() ? gatewayPort + (index + 1) * PORT_STRIDE : gatewayPort;
  }

  /** The management port of dispatch instance {@code index} (from 0). */
  public int dispatchPort(int index) {
    return dispatchPort + index * PORT_STRIDE;
  }

  /**
   * The simulator's fault switch, next to its management port; it listens on loopback only, so only
   * this machine's operator and tests reach it.
   */
  public int faultSwitchPort() {
    return telemetryPort + 1;
  }

  /** The executable jar a module's build leaves in its target directory. */
  public Path executableJar(String moduleDir, String jarName) {
    return home.resolve(moduleDir).resolve("target").resolve(jarName);
  }
}
