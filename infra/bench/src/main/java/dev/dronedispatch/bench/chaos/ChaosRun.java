package dev.dronedispatch.bench.chaos;

import dev.dronedispatch.bench.ingest.OpenLoopPosts;
import dev.dronedispatch.checking.fault.FaultLog;
import dev.dronedispatch.checking.history.HistoryChecker;
import dev.dronedispatch.checking.history.Verdict;
import dev.dronedispatch.checking.history.physics.PhysicsTolerances;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.http.HttpKvClient;
import dev.dronedispatch.kv.client.http.KvClientSettings;
import dev.dronedispatch.launcher.KafkaGrants;
import dev.dronedispatch.launcher.LaunchOptions;
import dev.dronedispatch.launcher.LocalCredentials;
import dev.dronedispatch.launcher.LocalSystem;
import dev.dronedispatch.launcher.PortBlock;
import dev.dronedispatch.ops.replay.RecordingReader;
import dev.dronedispatch.ops.replay.TopicReplay;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One chaos run (workload × faults → history → checkers): the scaled deployment as local processes,
 * steady keyed orders through nginx while the {@link Nemesis} kills, restarts and pauses services
 * and fails drones; then the system gets time to end every acknowledged delivery, and the outcome
 * is judged twice — the KV's documents of the acknowledged deliveries ({@link EndStates}) and the
 * recorded topics by the history checker {@code ops audit} uses.
 */
public final class ChaosRun {

  private static final int CONCURRENCY = 64;
  private static final Duration POST_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);

  private final ChaosSettings settings;
  private final Consumer<String> progress;

  public ChaosRun(ChaosSettings settings, Consumer<String> progress) {
    this.settings = settings;
    this.progress = progress;
  }

  public ChaosReport run() throws Exception {
    Path data = settings.data();
    LaunchOptions options =
        PortBlock.options(
                PortBlock.reserve(),
                settings.home(),
                data,
                settings.drones(),
                settings.timeAcceleration(),
                false,
                LaunchOptions.SCALED_DISPATCHERS)
            .scaled();
    progress.accept("data and logs in " + data);
    try (LocalSystem system = new LocalSystem(options, progress).start()) {
      Instant start = Instant.now();
      // the poison comes from the administrator: no service may write every input topic
      List<PoisonRecords.Written> poison =
          PoisonRecords.write(system.kafkaClient(LocalCredentials.KAFKA_ADMIN));
      progress.accept(poison.size() + " poison records written to the input topics");
      FaultLog faults = new FaultLog(e -> progress.accept("fault: " + e));
      DroneFaults drones =
          new DroneFaults(
              options.gatewayUrl(),
              system.credentials().apiKey(),
              options.faultSwitchPort(),
              system.credentials().faultSwitchToken(),
              ChaosSettings.DRONE_LOST_AFTER);
      Set<String> acked = ConcurrentHashMap.newKeySet();
      OpenLoopPosts posts =
          new OpenLoopPosts(
              options.gatewayUrl(), system.credentials().apiKey(), CONCURRENCY, POST_TIMEOUT);
      progress.accept(
          String.format(
              "offering %.0f orders/s for %d s while the nemesis works (up to %d s until it has"
                  + " injected %d faults)",
              settings.rate(),
              settings.load().toSeconds(),
              settings.longestLoad().toSeconds(),
              settings.minimumFaults()));
      Nemesis nemesis =
          new Nemesis(
                  system,
                  new NemesisPlan(options, settings.pause()),
                  drones,
                  settings.faultGap(),
                  settings.downtime(),
                  faults,
                  progress)
              .start();
      OpenLoopPosts.Result posted;
      try {
        posted =
            posts.run(
                settings.rate(),
                settings.load(),
                settings.longestLoad(),
                () -> nemesis.injected() >= settings.minimumFaults(),
                acked);
      } finally {
        nemesis.stop();
        posts.close();
      }
      progress.accept(
          String.format(
              "load done after %d s: sent=%d acked=%d errors=%s",
              posted.elapsed().toSeconds(), posted.sent(), acked.size(), posted.errors()));
      List<String> unrecovered = new ArrayList<>(nemesis.problems());
      unrecovered.addAll(system.exitedServices());
      EndStates end = settle(system, acked);
      Verdict verdict = audit(system, start, faults);
      List<PoisonRecords.Written> unhandled =
          PoisonRecords.withoutDeadLetter(system.kafkaClient(KafkaGrants.READER), poison, start);
      progress.accept("poison records without a dead letter: " + unhandled);
      return new ChaosReport(
          (int) settings.load().toMinutes(),
          nemesis.injected(),
          acked.size(),
          end.missing().size(),
          verdict.violations().size(),
          posted.serverFailures(),
          end.failedWithoutReason().size(),
          unhandled.size(),
          unrecovered,
          end.underWay().size());
    }
  }

  /** Waits until every acknowledged delivery ended, or the settle time is up. */
  private EndStates settle(LocalSystem system, Set<String> acked) throws InterruptedException {
    long deadline = System.nanoTime() + settings.settle().toNanos();
    long nextProgress = 0;
    try (KvClient kv =
        HttpKvClient.create(
            system.options().kvUrl(),
            KvClientSettings.defaults().withAuthToken(system.credentials().kvAuthToken()))) {
      while (true) {
        EndStates end = EndStates.read(kv, acked);
        boolean done = end.underWay().isEmpty() || System.nanoTime() > deadline;
        if (done || System.nanoTime() > nextProgress) {
          progress.accept("settling: " + end.render());
          nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
        }
        if (done) {
          return end;
        }
        Thread.sleep(2_000);
      }
    }
  }

  /** {@code ops audit} over the run: the recorded topics against the invariants and physics. */
  private Verdict audit(LocalSystem system, Instant start, FaultLog faults) {
    PhysicsTolerances tolerances = PhysicsTolerances.defaults(settings.timeAcceleration());
    RecordingReader.Read read =
        new RecordingReader(new TopicReplay(system.kafkaClient(KafkaGrants.READER)))
            .read(
                Optional.of(start.minusSeconds(30)),
                Optional.empty(),
                tolerances.maxTelemetryGap());
    // as ops audit: deliveries still under way are no violation here, the KV's end states count
    // them as stuck
    Verdict verdict =
        HistoryChecker.check(read.recording().withFaults(faults.events()), Set.of(), tolerances);
    progress.accept("audit:\n" + verdict.render());
    return verdict;
  }
}
