package dev.dronedispatch.launcher;

import dev.dronedispatch.kafka.EmbeddedKafkaBroker;
import dev.dronedispatch.model.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The whole system on this machine: a real Kafka broker (KRaft) in this JVM with its data under the
 * data directory, the topics, then every service of {@link SystemPlan} as its own process, stage by
 * stage, each waited for on its health endpoint. A service that exits on its own is restarted as
 * the {@link RestartPolicy} says, during start-up too. Closing stops them in reverse order.
 */
public final class LocalSystem implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

  private final LaunchOptions options;
  private final Consumer<String> progress;
  private final RestartPolicy restarts;
  private final List<SupervisedService> running = new ArrayList<>();
  private EmbeddedKafkaBroker broker;
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
    progress.accept(
        String.format(
            "starting Kafka (KRaft) on %s, data in %s",
            options.kafkaBootstrap(), options.dataDir().resolve("kafka")));
    EmbeddedKafkaBroker started =
        EmbeddedKafkaBroker.start(
            new EmbeddedKafkaBroker.Settings(
                options.dataDir().resolve("kafka"),
                options.kafkaPort(),
                options.kafkaControllerPort(),
                options.partitions()));
    synchronized (this) {
      broker = started;
      if (closed) {
        throw new IllegalStateException("stopped while starting");
      }
    }
    started.createTopics(Topics.names(), options.partitions());
    progress.accept("topics ready: " + Topics.names());
    for (List<ServiceSpec> stage : SystemPlan.stages(options)) {
      List<SupervisedService> stageServices = new ArrayList<>();
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
  }

  public LaunchOptions options() {
    return options;
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

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).stop(Duration.ofSeconds(15));
      progress.accept("stopped " + running.get(i).name());
    }
    if (broker != null) {
      broker.close();
      progress.accept("stopped Kafka");
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
