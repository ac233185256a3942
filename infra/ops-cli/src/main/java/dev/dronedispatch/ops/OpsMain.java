package dev.dronedispatch.ops;

import dev.dronedispatch.checking.history.HistoryChecker;
import dev.dronedispatch.checking.history.Verdict;
import dev.dronedispatch.checking.history.physics.PhysicsTolerances;
import dev.dronedispatch.dispatch.config.DispatchConfig;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.story.DeliveryRecords;
import dev.dronedispatch.model.story.DeliveryStory;
import dev.dronedispatch.model.story.Explanation;
import dev.dronedispatch.model.topics.Topics;
import dev.dronedispatch.ops.explain.ExplainReader;
import dev.dronedispatch.ops.explain.StoryText;
import dev.dronedispatch.ops.replay.DecisionExplainer;
import dev.dronedispatch.ops.replay.RecordingReader;
import dev.dronedispatch.ops.replay.ReplayQuery;
import dev.dronedispatch.ops.replay.TopicReplay;
import dev.dronedispatch.ops.rerun.RecordedWindow;
import dev.dronedispatch.ops.rerun.Rerun;
import dev.dronedispatch.ops.rerun.RerunPolicy;
import dev.dronedispatch.ops.rerun.RerunReader;
import dev.dronedispatch.ops.rerun.RerunResult;
import dev.dronedispatch.ops.slo.SloCalculator;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Operator commands: those that read the system's topics (the SLO report, topic replay, the audit,
 * one delivery's story, the offline rerun of past decisions) and those that change the KV's
 * storage-node membership ({@link KvCommands}).
 */
@Command(
    name = "ops",
    mixinStandardHelpOptions = true,
    subcommands = {
      OpsMain.Slo.class,
      OpsMain.Replay.class,
      OpsMain.Audit.class,
      OpsMain.Explain.class,
      OpsMain.RerunCommand.class,
      KvCommands.class
    },
    description =
        "DroneDispatch operator tools. slo, replay, audit, explain and rerun only read the topics"
            + " (they never join a consumer group); kv changes the KV's storage-node membership.")
public final class OpsMain implements Callable<Integer> {

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs one command line; every failure is one line on {@code err} and a non-zero exit code. */
  static int run(PrintWriter out, PrintWriter err, String... args) {
    CliErrors errors = new CliErrors();
    CommandLine cli =
        new CommandLine(new OpsMain())
            .setOut(out)
            .setErr(err)
            .setParameterExceptionHandler(errors)
            .setExecutionExceptionHandler(errors);
    cli.registerConverter(Duration.class, TimeWindow::parseDuration);
    cli.registerConverter(Instant.class, TimeWindow::parseInstant);
    return cli.execute(args);
  }

  @Override
  public Integer call() {
    throw new ParameterException(
        spec.commandLine(), "a command is needed: slo, replay, audit, explain, rerun or kv");
  }

  static class Common {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(
        names = "--bootstrap-servers",
        defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
        description =
            "Kafka bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:9092).")
    String bootstrap;

    @Option(
        names = "--from",
        description = "Start of the window, ISO-8601 (e.g. 2026-11-23T10:00:00Z).")
    Optional<Instant> from;

    @Option(
        names = "--since",
        description = "Start of the window as a duration back from now: 90s, 15m, 2h, 1d.")
    Optional<Duration> since;

    @Option(names = "--to", description = "End of the window, ISO-8601 (default: now).")
    Optional<Instant> to;

    Instant end(Instant now) {
      return to.orElse(now);
    }

    PrintWriter out() {
      return command.commandLine().getOut();
    }
  }

  @Command(
      name = "slo",
      mixinStandardHelpOptions = true,
      description =
          "Request->assigned and request->delivered latency (mean, p50, p95, p99),"
              + " deliveries per minute, and the deliveries failed (per reason, and their share of"
              + " those that ended), from the deliveries.status topic over a window.")
  static final class Slo implements Callable<Integer> {
    @CommandLine.Mixin Common common;

    @Override
    public Integer call() {
      Instant now = Instant.now();
      Instant from = TimeWindow.start(common.from, common.since, now).orElse(now.minusSeconds(900));
      Instant to = common.end(now);
      SloCalculator slo = new SloCalculator(from, to);
      // status events of the window may reference requests made a little earlier: read from
      // the window start; an event's own ts decides whether it counts.
      TopicReplay.Count read =
          new TopicReplay(common.bootstrap)
              .replayValues(
                  ReplayQuery.window(
                      Topics.DELIVERIES_STATUS.name(), Optional.of(from), Optional.empty()),
                  DeliveryStatusChanged.class,
                  slo::accept);
      common.out().print(slo.report().render());
      common
          .out()
          .printf("(%d status events read, %d unreadable)%n", read.read(), read.unreadable());
      return ExitCode.OK.code;
    }
  }

  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description = "Re-read a topic by time, offset or key; dispatch decisions are explained.")
  static final class Replay implements Callable<Integer> {
    @CommandLine.Mixin Common common;

    @Option(
        names = "--topic",
        defaultValue = "deliveries.status",
        description = "Topic to read (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--partition", description = "Only this partition.")
    Optional<Integer> partition;

    @Option(names = "--offset", description = "Start at this offset (needs --partition or --key).")
    Optional<Long> offset;

    @Option(names = "--key", description = "Only records with this key (delivery or drone id).")
    Optional<String> key;

    @Option(names = "--max", defaultValue = "1000", description = "At most this many records.")
    long max;

    @Option(names = "--raw", description = "Print the raw JSON value instead of explaining it.")
    boolean raw;

    @Override
    public Integer call() {
      Instant now = Instant.now();
      ReplayQuery query =
          new ReplayQuery(
              topic,
              TimeWindow.start(common.from, common.since, now),
              common.to,
              partition,
              offset,
              key,
              max);
      PrintWriter out = common.out();
      long n =
          new TopicReplay(common.bootstrap)
              .replay(
                  query,
                  r ->
                      out.println(
                          raw
                              ? r.partition() + "@" + r.offset() + " " + r.key() + " " + r.value()
                              : DecisionExplainer.explain(r)));
      common.command.commandLine().getErr().printf("%d records%n", n);
      return ExitCode.OK.code;
    }
  }

  @Command(
      name = "audit",
      mixinStandardHelpOptions = true,
      description = {
        "Check a window's deliveries.status history against the dispatch invariants"
            + " (forward-only statuses within an attempt, one drone per attempt, a hand-back to"
            + " pending only before the pickup and by the drone holding the delivery, one delivery"
            + " per drone at a time, delivered exactly once, failed with a reason and then"
            + " nothing) and, with drones.telemetry and deliveries.requested,"
            + " against physics: stops recorded where the drone was, pickups no sooner than the"
            + " flight to the origin, stage times in order, battery never below zero, one drone in"
            + " one place.",
        "Exit code 1 when a violation is found; events without telemetry around them are"
            + " counted as unverifiable, not as violations."
      })
  static final class Audit implements Callable<Integer> {
    @CommandLine.Mixin Common common;

    @Option(
        names = "--time-acceleration",
        defaultValue = "" + PhysicsTolerances.DEFAULT_TIME_ACCELERATION,
        description =
            "Simulated seconds per wall second the system ran with (TIME_ACCELERATION;"
                + " default: ${DEFAULT-VALUE}, the launcher's).")
    double timeAcceleration;

    @Option(
        names = "--drone-tick-sec",
        defaultValue = "" + PhysicsTolerances.DEFAULT_TICK_SECONDS,
        description =
            "Wall seconds between two telemetry records of a drone (DRONE_TICK_SEC;"
                + " default: ${DEFAULT-VALUE}).")
    double tickSeconds;

    @Option(
        names = "--position-tolerance-km",
        defaultValue = "" + PhysicsTolerances.DEFAULT_POSITION_TOLERANCE_KM,
        description =
            "How far from the origin or destination a stop still counts as there, before one"
                + " tick of flight is added (default: ${DEFAULT-VALUE}).")
    double positionToleranceKm;

    @Override
    public Integer call() {
      PhysicsTolerances tolerances =
          new PhysicsTolerances(positionToleranceKm, tickSeconds, timeAcceleration);
      RecordingReader.Read read =
          new RecordingReader(new TopicReplay(common.bootstrap))
              .read(
                  TimeWindow.start(common.from, common.since, Instant.now()),
                  common.to,
                  tolerances.maxTelemetryGap());
      Verdict verdict = HistoryChecker.check(read.recording(), Set.of(), tolerances);
      common.out().print(verdict.render());
      common
          .out()
          .printf(
              "read %d status events, %d requests, %d telemetry records (%d unreadable)%n",
              read.statuses().read(),
              read.requests().read(),
              read.telemetry().read(),
              read.statuses().unreadable()
                  + read.requests().unreadable()
                  + read.telemetry().unreadable());
      return (verdict.ok() ? ExitCode.OK : ExitCode.VIOLATIONS).code;
    }
  }

  @Command(
      name = "explain",
      mixinStandardHelpOptions = true,
      description = {
        "One delivery's story: its timeline across deliveries.requested, dispatch.decisions and"
            + " deliveries.status (requested, why it waited, assigned, in flight, picked up,"
            + " delivered or failed) with the time spent in each step; each assignment's decision"
            + " (the winner, the runners-up and why each lost); the drone's telemetry around each"
            + " step.",
        "Exit code 5 when no topic holds the delivery."
      })
  static final class Explain implements Callable<Integer> {
    @CommandLine.Mixin Common common;

    @Parameters(index = "0", paramLabel = "DELIVERY-ID", description = "The delivery to explain.")
    String deliveryId;

    @Option(names = "--json", description = "One JSON object instead of the tables.")
    boolean json;

    @Option(
        names = "--telemetry-margin",
        defaultValue = "30s",
        description =
            "Telemetry read before the request and after the last event (default: ${DEFAULT-VALUE}).")
    Duration telemetryMargin;

    @Override
    public Integer call() {
      Instant now = Instant.now();
      DeliveryRecords records =
          new ExplainReader(new TopicReplay(common.bootstrap), telemetryMargin)
              .read(deliveryId, TimeWindow.start(common.from, common.since, now));
      if (records.isEmpty()) {
        throw new NotFoundException(
            "no delivery "
                + deliveryId
                + " on deliveries.requested, deliveries.status or dispatch.decisions");
      }
      Explanation story = DeliveryStory.of(records, common.end(now));
      if (json) {
        common.out().println(Json.mapper().writeValueAsString(story));
      } else {
        common.out().print(StoryText.render(story));
        common.out().flush(); // print does not flush an autoflush writer, and main exits next
      }
      return ExitCode.OK.code;
    }
  }

  @Command(
      name = "rerun",
      mixinStandardHelpOptions = true,
      description = {
        "Feed a window's recorded inputs (deliveries.requested, drones.telemetry, fleet.events)"
            + " through the dispatch topology offline, over an in-memory KV seeded from the"
            + " recording, and list every assignment that differs from the recorded one. Each"
            + " decision is re-made at the instant and against the fleet the recording shows"
            + " (infra/ops-cli/README.md says exactly what is compared).",
        "Ends with one line: rerun: decisions=<n> differences=<n>."
      })
  static final class RerunCommand implements Callable<Integer> {
    @CommandLine.Mixin Common common;

    @Option(
        names = "--set",
        paramLabel = "KEY=VALUE",
        description =
            "A dispatcher setting to change, as its environment variable (e.g. MAX_PICKUP_KM=1);"
                + " repeatable. Unset ones take the documented defaults; NEW_ARRIVALS_BATCH_MS,"
                + " ROUND_BUDGET_MS, RECONCILE_INTERVAL_MS, AUTOSCALE_DISABLED and DEBUG_CHARGE are"
                + " fixed by the rerun.")
    Map<String, String> set = new LinkedHashMap<>();

    @Override
    public Integer call() {
      Instant now = Instant.now();
      Instant from =
          TimeWindow.start(common.from, common.since, now)
              .orElse(now.minus(Duration.ofMinutes(10)));
      Instant to = common.end(now);
      if (!from.isBefore(to)) {
        throw new IllegalArgumentException("the window is empty: " + from + " is not before " + to);
      }
      DispatchConfig config = RerunPolicy.of(set);
      RecordedWindow window =
          new RerunReader(new TopicReplay(common.bootstrap)).read(from, to, now);
      PrintWriter out = common.out();
      out.printf(
          "rerun of %s .. %s: %d requests, %d telemetry records, %d fleet events, %d status"
              + " events; settings: %s%n",
          from,
          to,
          window.requests().size(),
          window.telemetry().size(),
          window.fleetEvents().size(),
          window.statuses().size(),
          set.isEmpty() ? "the defaults" : "the defaults with " + set);
      RerunResult result = Rerun.run(window, config);
      result.differences().forEach(d -> out.println(d.render()));
      out.println(result.summary());
      return ExitCode.OK.code;
    }
  }
}
