package dev.dronedispatch.dispatch.app;

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
      Supplier<String> kvUrl,
      Supplier<Path> dir,
      String applicationIdPrefix) {
    registry.add("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers::get);
    registry.add("KV_URL", kvUrl::get);
    registry.add("STATE_DIR", () -> dir.get().resolve("state").toString());
    registry.add("APPLICATION_ID", () -> applicationIdPrefix + UUID.randomUUID());
  }
}
