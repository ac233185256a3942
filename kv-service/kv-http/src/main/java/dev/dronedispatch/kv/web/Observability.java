package dev.dronedispatch.kv.web;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * The operational endpoints every KV server has: {@code /actuator/health} (with its components),
 * {@code /actuator/prometheus} (Micrometer's Prometheus registry) and {@code /v3/api-docs} (the
 * OpenAPI document shipped as a resource).
 */
public final class Observability {

  /** A component that works with reduced redundancy. */
  public static final String DEGRADED = "DEGRADED";

  private final PrometheusMeterRegistry registry;

  public Observability(String application, String... extraTags) {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("application", application);
    if (extraTags.length > 0) {
      registry.config().commonTags(extraTags);
    }
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Adds the actuator and OpenAPI routes. {@code health} answers the components object; the overall
   * status is DOWN (503) if any component is neither UP nor DEGRADED, else DEGRADED (200, so the
   * server stays in rotation) if any component is.
   */
  public void routes(Router router, Supplier<ObjectNode> health, String openApiResource) {
    router.add(
        "GET",
        "/actuator/health/liveness",
        call -> Mono.just(Reply.json(Json.object().put("status", "UP"))));
    router.add("GET", "/actuator/health/readiness", call -> healthReply(health));
    router.add("GET", "/actuator/health", call -> healthReply(health));
    router.add(
        "GET",
        "/actuator/prometheus",
        call ->
            Mono.fromSupplier(
                () -> Reply.text("text/plain; version=0.0.4; charset=utf-8", registry.scrape())));
    String doc = resource(openApiResource);
    router.add(
        "GET",
        "/v3/api-docs",
        call ->
            Mono.just(
                new Reply(
                    200,
                    "application/json",
                    doc.getBytes(StandardCharsets.UTF_8),
                    java.util.Map.of())));
  }

  private static Mono<Reply> healthReply(Supplier<ObjectNode> health) {
    return Mono.fromSupplier(
        () -> {
          ObjectNode components = health.get();
          boolean down = false;
          boolean degraded = false;
          for (var c : components.properties()) {
            String status = c.getValue().path("status").asString();
            degraded |= DEGRADED.equals(status);
            down |= !"UP".equals(status) && !DEGRADED.equals(status);
          }
          ObjectNode body = Json.object().put("status", down ? "DOWN" : degraded ? DEGRADED : "UP");
          body.set("components", components);
          return Reply.json(down ? 503 : 200, body);
        });
  }

  private static String resource(String name) {
    try (InputStream in = Observability.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
