package dev.dronedispatch.dispatch.app;

import dev.dronedispatch.kv.embedded.LocalKvCluster;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.test.context.DynamicPropertyRegistry;

/** The properties a packaged dispatcher under test needs: its broker, its KV, its own state. */
final class DispatchTestProperties {

  private DispatchTestProperties() {}

  static void register(
      DynamicPropertyRegistry registry,
      Supplier<String> bootstrapServers,
      Supplier<LocalKvCluster> kv,
      Supplier<Path> dir,
      String applicationIdPrefix) {
    registry.add("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers::get);
    registry.add("KV_URL", () -> kv.get().coordinatorUrl());
    registry.add("KV_AUTH_TOKEN", () -> kv.get().clientToken());
    registry.add("STATE_DIR", () -> dir.get().resolve("state").toString());
    registry.add("APPLICATION_ID", () -> applicationIdPrefix + UUID.randomUUID());
  }
}
