package dev.dronedispatch.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs the whole system on this machine: real Kafka brokers (KRaft, data under {@code --data-dir}),
 * the topics, and every service as its own process, started in dependency order and waited for
 * until ready; {@code --scaled} runs the shape of docker-compose.yml. Ctrl-C stops them in reverse
 * order.
 */
@Command(
    name = "run.sh",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    version = "DroneDispatch launcher " + SystemPlan.VERSION,
    description =
        "Run DroneDispatch locally: Kafka, KV nodes, gateway, dispatch, simulator (--scaled:"
            + " three brokers, three gateways behind nginx, two dispatch instances).")
public final class LauncherMain implements Callable<Integer> {

  @Option(
      names = "--home",
      defaultValue = ".",
      description = "Project root (where the built jars are).")
  Path home;

  @Option(
      names = "--data-dir",
      defaultValue = "data",
      description = "Where data and logs live, relative to --home.")
  Path dataDir;

  @Option(
      names = "--fresh",
      description = "Wipe the data directory before starting. Default: off (data is kept).")
  boolean fresh;

  @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka broker port.")
  int kafkaPort;

  @Option(
      names = "--kafka-controller-port",
      defaultValue = "9093",
      description = "Kafka KRaft controller port.")
  int kafkaControllerPort;

  @Option(names = "--partitions", defaultValue = "6", description = "Partitions per topic.")
  int partitions;

  @Option(
      names = "--kv-port",
      defaultValue = "9000",
      description =
          "KV coordinator port; the scaled deployment's second coordinator listens one stride"
              + " (10) up.")
  int kvPort;

  @Option(
      names = "--kv-node-port",
      defaultValue = "9001",
      description = "Port of the first KV node; the others follow it.")
  int kvNodePort;

  @Option(
      names = "--kv-nodes",
      defaultValue = "3",
      description = "KV storage nodes (each key is kept on two of them).")
  int kvNodes;

  @Option(
      names = "--gateway-port",
      defaultValue = "8080",
      description = "Gateway port: the REST API and the dashboard.")
  int gatewayPort;

  @Option(
      names = "--dispatch-port",
      defaultValue = "8081",
      description = "Management port (health, metrics) of the first dispatch instance.")
  int dispatchPort;

  @Option(
      names = "--dispatchers",
      defaultValue = "1",
      description =
          "Dispatch instances (one Kafka Streams group; the n-th listens on --dispatch-port"
              + " + 10 × (n-1)).")
  int dispatchers;

  @Option(
      names = "--telemetry-port",
      defaultValue = "8082",
      description = "Management port (health, metrics) of the fleet simulator.")
  int telemetryPort;

  @Option(
      names = "--drones",
      defaultValue = LaunchOptions.DEFAULT_DRONES,
      description =
          "Fleet size. The default keeps up with the default order load (requests assigned within"
              + " a second or two; 60 drones fell minutes behind).")
  int drones;

  @Option(
      names = "--time-acceleration",
      defaultValue = LaunchOptions.DEFAULT_TIME_ACCELERATION,
      description = "Simulated seconds per real second, so a demo moves visibly.")
  double timeAcceleration;

  @Option(
      names = "--no-ordergen",
      negatable = true,
      defaultValue = "true",
      description = "Run the bursty order generator. Default: on.")
  boolean orderGenerator;

  @Option(
      names = "--order-load",
      defaultValue = "1",
      description =
          "Multiplies the order generator's rates (0.5/s, 2/s at the peak) for a heavier"
              + " load than the default fleet is sized for. Default: 1.")
  double orderLoad;

  @Option(
      names = "--scaled",
      description =
          "Run the scaled deployment of docker-compose.yml as local processes: three Kafka brokers"
              + " (every topic on all three, two must acknowledge a write), three gateways behind"
              + " Debian's nginx on the gateway port, two dispatch instances. Default: off (one"
              + " broker, one gateway).")
  boolean scaled;

  @Option(
      names = "--jit",
      defaultValue = "auto",
      description =
          "The service JVMs' compilers: c1 (the quick one alone: hot code within seconds, a lower"
              + " peak), tiered (the JVM default, C2 for the hottest code: the best peak, minutes of"
              + " compiling first), gateways (c1, but tiered for the gateways: for a high order"
              + " rate sustained for minutes on a small machine), or auto: c1 when the machine has"
              + " fewer cores than the system has JVMs (nine; fifteen with --scaled), else tiered."
              + " Default: auto.")
  JitMode jit;

  @Option(
      names = "--no-restart",
      negatable = true,
      defaultValue = "true",
      description =
          "Restart a service that exits on its own, with back-off (1 s doubling to 30 s)."
              + " Default: on.")
  boolean restart;

  public static void main(String[] args) {
    System.exit(
        commandLine(System.getenv(), System.getProperty(ConsoleColour.TTY_PROPERTY)).execute(args));
  }

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!(orderLoad >= 0)) {
      throw new ParameterException(spec.commandLine(), "--order-load must be >= 0: " + orderLoad);
    }
    Path root = home.toAbsolutePath().normalize();
    Path data = root.resolve(dataDir).normalize();
    if (fresh) {
      LocalSystem.wipe(data);
      progress("wiped " + data);
    }
    Path logs = Files.createDirectories(data.resolve("logs"));
    // set before the first log line initialises logback
    System.setProperty("dronedispatch.launcher.log", logs.resolve("launcher.log").toString());
    System.setProperty("logback.configurationFile", "launcher-logback.xml");
    LaunchOptions options =
        new LaunchOptions(
            root,
            data,
            kafkaPort,
            kafkaControllerPort,
            1,
            partitions,
            kvPort,
            kvNodePort,
            kvNodes,
            gatewayPort,
            1,
            dispatchPort,
            dispatchers,
            telemetryPort,
            drones,
            timeAcceleration,
            orderGenerator,
            orderLoad,
            jit);
    if (scaled) {
      options = options.scaled();
    }
    try {
      DeploymentShape.of(options).claim(data);
    } catch (IllegalStateException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    long started = System.nanoTime();
    LocalSystem system =
        new LocalSystem(
            options,
            LauncherMain::progress,
            restart ? RestartPolicy.withBackoff() : RestartPolicy.never());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  progress("stopping");
                  system.close();
                  stopped.countDown();
                },
                "shutdown"));
    system.start();
    progress(
        String.format(
            "DroneDispatch is up in %.1f s. Dashboard: %s/  (Ctrl-C stops everything)",
            (System.nanoTime() - started) / 1e9, options.gatewayUrl()));
    stopped.await();
    return 0;
  }

  /** The command line, coloured only for a terminal that did not opt out of colour. */
  static CommandLine commandLine(Map<String, String> env, String ttyProperty) {
    CommandLine cli = new CommandLine(new LauncherMain());
    cli.setColorScheme(Help.defaultColorScheme(ConsoleColour.ansi(env, ttyProperty)));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    // a system that cannot start says why in one line (which service, its last log lines); other
    // failures keep their stack trace
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          if (!(e instanceof IllegalStateException)) {
            throw e;
          }
          command.getErr().println("[launcher] cannot start: " + e.getMessage());
          return 1;
        });
    return cli;
  }

  static void progress(String message) {
    System.out.println("[launcher] " + message);
  }
}
