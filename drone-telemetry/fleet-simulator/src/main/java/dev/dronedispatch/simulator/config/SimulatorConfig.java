package dev.dronedispatch.simulator.config;

import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.simulator.management.FaultSwitchToken;
import dev.dronedispatch.simulator.physics.PhysicsSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The simulator's configuration, read from environment variables (names kept from the original
 * where it had them). Defaults are documented in the module README.
 */
public record SimulatorConfig(
    int poolMax,
    Duration tick,
    Duration telemetryHeartbeat,
    PhysicsSettings physics,
    double speedLightKmh,
    double speedMediumKmh,
    double speedHeavyKmh,
    double timeAcceleration,
    long fleetSeed,
    Duration kvWriteInterval,
    int kvConcurrency,
    String kafkaBootstrapServers,
    String kvUrl,
    int gridRows,
    int gridCols,
    int managementPort,
    String faultSwitchHost,
    int faultSwitchPort,
    Optional<FaultSwitchToken> faultSwitchToken) {

  public SimulatorConfig {
    if (poolMax < 0) {
      throw new IllegalArgumentException("DRONE_POOL_MAX must be >= 0");
    }
    if (tick.isNegative() || tick.isZero()) {
      throw new IllegalArgumentException("DRONE_TICK_SEC must be > 0");
    }
    if (telemetryHeartbeat.isNegative()) {
      throw new IllegalArgumentException("TELEMETRY_HEARTBEAT_SEC must be >= 0");
    }
    if (timeAcceleration <= 0) {
      throw new IllegalArgumentException("TIME_ACCELERATION must be > 0");
    }
  }

  public static SimulatorConfig defaults() {
    return fromEnv(Map.of());
  }

  public static SimulatorConfig fromEnv(Map<String, String> env) {
    EnvReader e = new EnvReader(env);
    return new SimulatorConfig(
        e.integer("DRONE_POOL_MAX", 60),
        e.seconds("DRONE_TICK_SEC", 1.0),
        e.seconds("TELEMETRY_HEARTBEAT_SEC", 5.0),
        new PhysicsSettings(
            e.decimal("BATTERY_PER_KM", 2.0),
            e.decimal("CHARGE_PER_SEC", 1.0),
            e.decimal("ARRIVE_EPS_KM", 0.02)),
        e.decimal("SPEED_LIGHT_KMH", 72.0),
        e.decimal("SPEED_MEDIUM_KMH", 54.0),
        e.decimal("SPEED_HEAVY_KMH", 36.0),
        e.decimal("TIME_ACCELERATION", 10.0),
        e.integer("FLEET_SEED", 42),
        e.seconds("KV_WRITE_INTERVAL_SEC", 5.0),
        e.integer("KV_WRITE_CONCURRENCY", 32),
        e.string("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
        e.string("KV_URL", "http://localhost:9000"),
        e.integer("GRID_ROWS", 2),
        e.integer("GRID_COLS", 2),
        e.integer("MANAGEMENT_PORT", 8082),
        e.string("FAULT_SWITCH_HOST", "127.0.0.1"),
        e.integer("FAULT_SWITCH_PORT", 8083),
        // no token, no fault switch: it never listens unauthenticated
        Optional.of(e.string("FAULT_SWITCH_TOKEN", ""))
            .filter(t -> !t.isEmpty())
            .map(FaultSwitchToken::new));
  }

  public double speedKmh(WeightClass type) {
    switch (type) {
      case LIGHT:
        return speedLightKmh;
      case MEDIUM:
        return speedMediumKmh;
      default:
        return speedHeavyKmh;
    }
  }

  public SimulatorConfig withPoolMax(int n) {
    return new SimulatorConfig(
        n,
        tick,
        telemetryHeartbeat,
        physics,
        speedLightKmh,
        speedMediumKmh,
        speedHeavyKmh,
        timeAcceleration,
        fleetSeed,
        kvWriteInterval,
        kvConcurrency,
        kafkaBootstrapServers,
        kvUrl,
        gridRows,
        gridCols,
        managementPort,
        faultSwitchHost,
        faultSwitchPort,
        faultSwitchToken);
  }

  public SimulatorConfig withKafka(String bootstrap) {
    return new SimulatorConfig(
        poolMax,
        tick,
        telemetryHeartbeat,
        physics,
        speedLightKmh,
        speedMediumKmh,
        speedHeavyKmh,
        timeAcceleration,
        fleetSeed,
        kvWriteInterval,
        kvConcurrency,
        bootstrap,
        kvUrl,
        gridRows,
        gridCols,
        managementPort,
        faultSwitchHost,
        faultSwitchPort,
        faultSwitchToken);
  }

  public SimulatorConfig withTiming(Duration newTick, double acceleration, Duration kvInterval) {
    return new SimulatorConfig(
        poolMax,
        newTick,
        telemetryHeartbeat,
        physics,
        speedLightKmh,
        speedMediumKmh,
        speedHeavyKmh,
        acceleration,
        fleetSeed,
        kvInterval,
        kvConcurrency,
        kafkaBootstrapServers,
        kvUrl,
        gridRows,
        gridCols,
        managementPort,
        faultSwitchHost,
        faultSwitchPort,
        faultSwitchToken);
  }
}
