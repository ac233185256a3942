package dev.dronedispatch.simulator;

import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.http.HttpKvClient;
import dev.dronedispatch.kv.client.http.KvClientSettings;
import dev.dronedispatch.model.startup.StartupProgress;
import dev.dronedispatch.simulator.config.SimulatorConfig;
import dev.dronedispatch.simulator.management.FaultSwitchServer;
import dev.dronedispatch.simulator.management.ManagementServer;
import dev.dronedispatch.simulator.runtime.FleetSimulator;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.LoggerFactory;

/**
 * Runs the fleet simulator as its own process: configuration from the environment, the KV service
 * at {@code KV_URL}, Kafka at {@code KAFKA_BOOTSTRAP_SERVERS}, management on {@code
 * MANAGEMENT_PORT} (8082), the operator's fault switch on {@code FAULT_SWITCH_HOST}:{@code
 * FAULT_SWITCH_PORT} (127.0.0.1:8083) when {@code FAULT_SWITCH_TOKEN} is set.
 */
public final class FleetSimulatorMain {

  private FleetSimulatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "fleet-simulator-logback.xml");
    }
    SimulatorConfig config = SimulatorConfig.fromEnv(System.getenv());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    KvClient kv =
        HttpKvClient.create(
            config.kvUrl(),
            KvClientSettings.defaults().withAuthToken(System.getenv("KV_AUTH_TOKEN")));
    // the management port answers from the start, so a start that waits for the KV or the broker
    // shows on the health endpoint (503, with why) instead of as a closed port
    StartupProgress startup = new StartupProgress();
    AtomicReference<FleetSimulator> running = new AtomicReference<>();
    AtomicReference<FaultSwitchServer> faults = new AtomicReference<>();
    ManagementServer management =
        ManagementServer.start(
            "0.0.0.0",
            config.managementPort(),
            registry,
            () -> {
              FleetSimulator sim = running.get();
              return sim == null ? starting(startup) : health(sim);
            });
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  management.close();
                  if (faults.get() != null) {
                    faults.get().close();
                  }
                  FleetSimulator sim = running.get();
                  if (sim != null) {
                    sim.close();
                  }
                  kv.close();
                  gc.close();
                  stopped.countDown();
                },
                "fleet-simulator-shutdown"));
    try {
      running.set(FleetSimulator.start(config, kv, registry, startup));
      if (config.faultSwitchToken().isPresent()) {
        faults.set(
            FaultSwitchServer.start(
                config.faultSwitchHost(),
                config.faultSwitchPort(),
                config.faultSwitchToken().get(),
                running.get()));
      } else {
        LoggerFactory.getLogger(FleetSimulatorMain.class)
            .info("fault switch off: FAULT_SWITCH_TOKEN is not set");
      }
    } catch (RuntimeException e) {
      // not transient (those are retried), or the fault switch port is taken: end the process,
      // which the management server would otherwise keep alive
      LoggerFactory.getLogger(FleetSimulatorMain.class).error("fleet simulator cannot start", e);
      System.exit(1);
    }
    stopped.await();
  }

  /** The health report while the simulator is still starting: down, with the attempts so far. */
  public static ManagementServer.HealthReport starting(StartupProgress startup) {
    return new ManagementServer.HealthReport(false, startup.details());
  }

  /** The health report of a running simulator, as the management port shows it. */
  public static ManagementServer.HealthReport health(FleetSimulator sim) {
    FleetSimulator.Health h = sim.health();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("drones", h.drones());
    details.put("last_tick_age_ms", h.lastTickAgeMs());
    details.put("last_kafka_error", h.lastKafkaError());
    return new ManagementServer.HealthReport(h.up(), details);
  }
}
