package dev.dronedispatch.launcher;

import dev.dronedispatch.kafka.KafkaTopics;
import dev.dronedispatch.kafka.KafkaUsers;
import dev.dronedispatch.model.kafka.KafkaIdentity;
import dev.dronedispatch.model.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The whole system on this machine: every service of {@link SystemPlan} as its own process, stage
 * by stage, each waited for until ready — first the Kafka brokers (real KRaft nodes, data under the
 * data directory), then the topics, the KV, and the rest. A service that exits on its own is
 * restarted as the {@link RestartPolicy} says, during start-up too. Closing stops them in reverse
 * order.
 */
public final class LocalSystem implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private final LaunchOptions options;
  private final Consumer<String> progress;
  private final RestartPolicy restarts;
  private final List<SupervisedService> running = new ArrayList<>();
  private final List<List<SupervisedService>> startedStages = new ArrayList<>();
  private LocalCredentials credentials;
  private boolean closed;

  /** A system whose services stay down when they exit: for tests that inject the faults. */
  public LocalSystem(LaunchOptions options, Consumer<String> progress) {
    this(options, progress, RestartPolicy.never());
  }

  public LocalSystem(LaunchOptions options, Consumer<String> progress, RestartPolicy restarts) {
    this.options = options;
    this.progress = progress;
    this.restarts = restarts;
  }

  /**
   * Starts everything; on failure stops what was started and rethrows. {@link #close()} may be
   * called from another thread (Ctrl-C) at any time and stops whatever is running by then.
   */
  public LocalSystem start() throws IOException, InterruptedException {
    try {
      startAll();
      return this;
    } catch (IOException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void startAll() throws IOException, InterruptedException {
    Path logs = Files.createDirectories(options.dataDir().resolve("logs"));
    LocalCredentials c = LocalCredentials.loadOrCreate(options.dataDir());
    synchronized (this) {
      credentials = c;
    }
    progress.accept(
        "credentials (generated on this data directory's first start) are in "
            + LocalCredentials.file(options.dataDir()));
    if (options.balanced()) {
      prepareBalancer();
    }
    List<List<ServiceSpec>> stages = SystemPlan.stages(options, c);
    progress.accept(SystemPlan.compilers(options, stages));
    for (int i = 0; i < stages.size(); i++) {
      startStage(stages.get(i), logs);
      if (i == 0) {
        prepareKafka();
      }
    }
  }

  /**
   * The first stage is the brokers: once they have all joined, the topics are created and, on a
   * secured cluster, the services' users and ACLs, before any service connects.
   */
  private void prepareKafka() {
    Map<String, Object> admin = kafkaClient(LocalCredentials.KAFKA_ADMIN);
    KafkaTopics.awaitBrokers(admin, options.brokers(), READY_TIMEOUT);
    KafkaTopics.create(admin, Topics.names(), options.partitions());
    if (options.kafkaSecured()) {
      // the dispatcher runs with its default APPLICATION_ID, which is its user's name
      KafkaUsers.apply(
          admin, credentials().kafkaServicePasswords(), KafkaGrants.all(KafkaGrants.DISPATCH));
    }
    progress.accept(
        String.format(
            "Kafka ready on %s (%d broker%s, every topic kept on %d of them, %s): %s",
            options.kafkaBootstrap(),
            options.brokers(),
            options.brokers() == 1 ? "" : "s",
            options.brokers(),
            options.kafkaSecured()
                ? "SASL/SCRAM with an identity and ACLs per service"
                : "PLAINTEXT on loopback",
            Topics.names()));
  }

  private void prepareBalancer() throws IOException {
    if (NginxConfig.binary().isEmpty()) {
      throw new IllegalStateException(
          "the scaled deployment balances its gateways with nginx, which is not installed:"
              + " install Debian's nginx package (apt-get install nginx) or set NGINX_BIN");
    }
    Path config =
        NginxConfig.write(
            options.home().resolve(NginxConfig.SOURCE),
            SystemPlan.balancerDir(options),
            options.gatewayPort(),
            SystemPlan.balancerUpstreams(options));
    progress.accept("nginx configuration rendered to " + config);
  }

  private void startStage(List<ServiceSpec> stage, Path logs)
      throws IOException, InterruptedException {
    List<SupervisedService> stageServices = new ArrayList<>();
    synchronized (this) {
      startedStages.add(stageServices);
    }
    for (ServiceSpec spec : stage) {
      synchronized (this) {
        if (closed) {
          throw new IllegalStateException("stopped while starting");
        }
        SupervisedService service =
            SupervisedService.start(spec, logs, restarts, READY_TIMEOUT, progress);
        running.add(service);
        stageServices.add(service);
      }
    }
    for (SupervisedService service : stageServices) {
      service.awaitReady();
      progress.accept(service.name() + " is ready");
    }
  }

  public LaunchOptions options() {
    return options;
  }

  /**
   * What a Kafka client in this JVM (a bench, a test) connects with as Kafka user {@code user}
   * ({@link KafkaGrants}, or {@link LocalCredentials#KAFKA_ADMIN}): the brokers, and on a secured
   * cluster the user's SCRAM login.
   */
  public Map<String, Object> kafkaClient(String user) {
    KafkaIdentity identity =
        options.kafkaSecured()
            ? new KafkaIdentity.Scram(user, credentials().kafkaPassword(user))
            : new KafkaIdentity.Anonymous();
    Map<String, Object> client = new HashMap<>(identity.clientProperties());
    client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, options.kafkaBootstrap());
    return client;
  }

  /** The credentials the services were started with, for tools in this JVM that call them. */
  public synchronized LocalCredentials credentials() {
    if (credentials == null) {
      throw new IllegalStateException("not started");
    }
    return credentials;
  }

  /**
   * What each service that exited on its own since it started left behind (code, last log lines);
   * empty once the system is being stopped.
   */
  public synchronized List<String> exitedServices() {
    if (closed) {
      return List.of();
    }
    return running.stream().flatMap(s -> s.exitReport().stream()).toList();
  }

  /** Every running service's pid by name, in start order (benchmarks account CPU per process). */
  public synchronized Map<String, Long> pids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    running.forEach(s -> pids.put(s.name(), s.pid()));
    return pids;
  }

  /** The pid of a running service, for fault tests that kill one. */
  public synchronized long pid(String service) {
    return process(service).pid();
  }

  /**
   * Starts a service again after it exited (or was killed), with the same configuration and log
   * file, and waits until it is ready.
   */
  public void restart(String service) throws IOException, InterruptedException {
    process(service).restartNow();
  }

  private synchronized SupervisedService process(String service) {
    return running.stream()
        .filter(s -> s.name().equals(service))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no service " + service));
  }

  /**
   * Stops every service: first no service is restarted any more (a Ctrl-C reaches every process of
   * the terminal's group, not only the launcher), then stage by stage in reverse order, the
   * services of one stage together — the brokers of a quorum must go down at once, or the last one
   * waits for a quorum that is gone.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    running.forEach(SupervisedService::holdRestarts);
    for (int i = startedStages.size() - 1; i >= 0; i--) {
      List<CompletableFuture<Void>> stops = new ArrayList<>();
      for (SupervisedService service : startedStages.get(i)) {
        stops.add(
            CompletableFuture.runAsync(
                () -> {
                  service.stop(STOP_GRACE);
                  progress.accept("stopped " + service.name());
                }));
      }
      stops.forEach(CompletableFuture::join);
    }
  }

  /** Deletes a data directory (the launcher's --fresh). */
  public static void wipe(Path data) throws IOException {
    if (!Files.exists(data)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(data)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
