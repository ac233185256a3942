package dev.dronedispatch.bench.chaos;

import dev.dronedispatch.launcher.LaunchOptions;
import dev.dronedispatch.launcher.SystemPlan;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The order of the nemesis's steps: in turn a dispatch instance, a broker, a KV node, a KV
 * coordinator, a gateway and the simulator are killed and restarted, a KV node is paused, and
 * drones are failed; each round takes the next instance of every replicated service, so a long run
 * hits them all.
 */
final class NemesisPlan {

  private final LaunchOptions options;
  private final Duration pause;

  NemesisPlan(LaunchOptions options, Duration pause) {
    this.options = options;
    this.pause = pause;
  }

  private List<IntFunction<NemesisStep>> round() {
    return List.of(
        r ->
            new NemesisStep.KillAndRestart(
                SystemPlan.instanceName("dispatch", r % options.dispatchers())),
        r ->
            new NemesisStep.KillAndRestart(SystemPlan.instanceName("kafka", r % options.brokers())),
        r -> new NemesisStep.KillAndRestart(SystemPlan.nodeName(r % options.kvNodes())),
        r ->
            new NemesisStep.KillAndRestart(
                SystemPlan.instanceName("kv-coordinator", r % options.kvCoordinators())),
        r ->
            new NemesisStep.KillAndRestart(
                SystemPlan.instanceName("gateway", r % options.gateways())),
        r -> new NemesisStep.KillAndRestart("fleet-simulator"),
        r ->
            new NemesisStep.PauseAndResume(SystemPlan.nodeName((r + 1) % options.kvNodes()), pause),
        r -> new NemesisStep.FailDrones());
  }

  /** Step {@code i} (from 0) of the run. */
  NemesisStep step(int i) {
    List<IntFunction<NemesisStep>> round = round();
    return round.get(i % round.size()).apply(i / round.size());
  }
}
