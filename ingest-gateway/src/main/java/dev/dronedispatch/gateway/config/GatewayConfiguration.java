package dev.dronedispatch.gateway.config;

import dev.dronedispatch.gateway.admission.AdmissionControl;
import dev.dronedispatch.gateway.admission.AdmissionPolicy;
import dev.dronedispatch.gateway.admission.ClassAdmission;
import dev.dronedispatch.gateway.admission.CreationLimit;
import dev.dronedispatch.gateway.delivery.DeliveryRequestParser;
import dev.dronedispatch.gateway.delivery.DeliveryService;
import dev.dronedispatch.gateway.delivery.StatusIndex;
import dev.dronedispatch.gateway.documents.SkippedDocuments;
import dev.dronedispatch.gateway.drones.DroneService;
import dev.dronedispatch.gateway.health.KafkaHealthIndicator;
import dev.dronedispatch.gateway.health.KvHealthIndicator;
import dev.dronedispatch.gateway.idempotency.IdempotencyStore;
import dev.dronedispatch.gateway.idempotency.IdempotencySweeper;
import dev.dronedispatch.gateway.kafka.DeliveryPublisher;
import dev.dronedispatch.gateway.kafka.KafkaDeliveryPublisher;
import dev.dronedispatch.gateway.kafka.KafkaSettings;
import dev.dronedispatch.gateway.kv.CircuitBreakingKvClient;
import dev.dronedispatch.gateway.outbox.OutboxSweeper;
import dev.dronedispatch.gateway.ratelimit.RateLimitFilter;
import dev.dronedispatch.gateway.ratelimit.RateLimiter;
import dev.dronedispatch.gateway.stream.EventHub;
import dev.dronedispatch.gateway.stream.Replayer;
import dev.dronedispatch.gateway.stream.StreamController;
import dev.dronedispatch.gateway.timeline.DeliveryBook;
import dev.dronedispatch.gateway.web.DashboardRoutes;
import dev.dronedispatch.gateway.web.InstanceId;
import dev.dronedispatch.gateway.web.MalformedRequestGuard;
import dev.dronedispatch.gateway.zones.ZonesService;
import dev.dronedispatch.kafka.listener.DeadLetterRecoverer;
import dev.dronedispatch.kafka.listener.ListenerContainers;
import dev.dronedispatch.kv.client.CoalescingKvClient;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.KvUnavailableException;
import dev.dronedispatch.kv.client.http.HttpKvClient;
import dev.dronedispatch.kv.client.http.KvClientSettings;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.zones.ZoneGrid;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.netty.NettyPipeline;

/** Wires the gateway's parts from {@link GatewayProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
public class GatewayConfiguration {

  private static final Logger log = LoggerFactory.getLogger(GatewayConfiguration.class);

  /**
   * The gateway's own Netty event loops and connection pools: several gateways (and other Reactor
   * Netty services) can share a JVM, as in the launcher and the tests, and closing one must not
   * dispose the JVM-global resources the others run on.
   */
  @Bean
  ReactorResourceFactory reactorResourceFactory() {
    ReactorResourceFactory factory = new ReactorResourceFactory();
    factory.setUseGlobalResources(false);
    return factory;
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  InstanceId instanceId(GatewayProperties props, @Value("${server.port:8080}") int port) {
    String configured = props.instanceId();
    if (configured != null && !configured.isBlank()) {
      return new InstanceId(configured);
    }
    return new InstanceId("gw-" + UUID.randomUUID().toString().substring(0, 8));
  }

  /** Spring's mapper writes exactly what the shared model's mapper writes. */
  @Bean
  JsonMapperBuilderCustomizer systemJson() {
    return Json::configure;
  }

  /** The bound on creations in flight on this instance (CREATE_MAX_IN_FLIGHT). */
  @Bean
  CreationLimit creationLimit(GatewayProperties props, MeterRegistry metrics) {
    return CreationLimit.of(props.createMaxInFlight(), metrics);
  }

  /**
   * The breaker every KV call of this gateway goes through (see {@link CircuitBreakingKvClient}):
   * its state is on /actuator/health (component {@code kv}) and in Prometheus as {@code
   * resilience4j_circuitbreaker_*{name="kv"}}.
   */
  @Bean
  CircuitBreaker kvCircuitBreaker(GatewayProperties props, MeterRegistry metrics) {
    GatewayProperties.KvCircuit c = props.kvCircuit();
    CircuitBreakerRegistry registry =
        CircuitBreakerRegistry.of(
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(c.window())
                .minimumNumberOfCalls(c.minimumCalls())
                .failureRateThreshold(c.failureRatePercent())
                .waitDurationInOpenState(c.openFor())
                .permittedNumberOfCallsInHalfOpenState(c.halfOpenCalls())
                .recordExceptions(KvUnavailableException.class)
                .build());
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(metrics);
    CircuitBreaker breaker = registry.circuitBreaker("kv");
    breaker
        .getEventPublisher()
        .onStateTransition(
            e -> log.warn("KV circuit breaker {}", e.getStateTransition().toString()));
    return breaker;
  }

  /**
   * The KV service at KV_URL with the client token KV_AUTH_TOKEN, concurrent batches sharing
   * requests under load (KV_BATCH_IN_FLIGHT), every call behind the breaker (tests may register
   * their own {@code kvClient}).
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(KvClient.class)
  KvClient kvClient(
      GatewayProperties props, CircuitBreaker kvCircuitBreaker, MeterRegistry registry) {
    KvClient http =
        HttpKvClient.create(
            props.kvUrl(), KvClientSettings.defaults().withAuthToken(props.kvAuthToken()));
    return new CircuitBreakingKvClient(
        new CoalescingKvClient(
            http, props.kvBatches().inFlight(), props.kvBatches().maxOps(), registry),
        kvCircuitBreaker,
        props.kvCircuit().callTimeout());
  }

  @Bean
  KvDocuments kvDocuments(KvClient kv) {
    return new KvDocuments(kv, Json.mapper());
  }

  @Bean
  KafkaSettings kafkaSettings(GatewayProperties props, InstanceId instance) {
    return new KafkaSettings(
        props.kafkaBootstrapServers(),
        props.publishTimeout(),
        "ingest-gateway-" + instance.value());
  }

  @Bean(destroyMethod = "close")
  KafkaDeliveryPublisher deliveryPublisher(KafkaSettings kafka) {
    return new KafkaDeliveryPublisher(kafka);
  }

  @Bean(destroyMethod = "close")
  Admin kafkaAdmin(KafkaSettings kafka) {
    return Admin.create(kafka.admin());
  }

  /** Where every KV read records the documents it skips. */
  @Bean
  SkippedDocuments skippedDocuments(MeterRegistry metrics) {
    return new SkippedDocuments(metrics);
  }

  @Bean
  ZonesService zonesService(KvDocuments docs, GatewayProperties props, SkippedDocuments skipped) {
    return new ZonesService(docs, props.gridRows(), props.gridCols(), skipped);
  }

  @Bean
  DeliveryRequestParser deliveryRequestParser(GatewayProperties props) {
    return new DeliveryRequestParser(ZoneGrid.ROME, props.maxWeightKg());
  }

  @Bean
  IdempotencyStore idempotencyStore(
      KvDocuments docs,
      SkippedDocuments skipped,
      Clock clock,
      InstanceId instance,
      GatewayProperties props) {
    return new IdempotencyStore(
        docs,
        skipped,
        clock,
        instance.value(),
        props.idempotencyTtl(),
        props.idempotencyWait(),
        props.idempotencyTakeover());
  }

  @Bean
  DeliveryService deliveryService(
      KvDocuments docs,
      IdempotencyStore idempotency,
      DeliveryPublisher publisher,
      ZonesService zones,
      AdmissionControl admission,
      InstanceId instance,
      MeterRegistry metrics,
      SkippedDocuments skipped) {
    return new DeliveryService(
        docs, idempotency, publisher, zones, admission, instance.value(), metrics, skipped);
  }

  /**
   * Verdicts are re-evaluated at every KPI tick; one older than five ticks (at least 5 s) means the
   * event hub stopped, and is not trusted.
   */
  @Bean
  AdmissionControl admissionControl(GatewayProperties props, Clock clock) {
    GatewayProperties.Admission a = props.admission();
    Duration fiveTicks = props.stream().kpiInterval().multipliedBy(5);
    return new AdmissionControl(
        new AdmissionPolicy(a.enabled(), a.maxWait(), a.reopenBelow(), a.rateWindow()),
        fiveTicks.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : fiveTicks,
        clock);
  }

  /** Per class: closed (1) or open (0), NaN while warming up; the estimated wait in seconds. */
  @Bean
  MeterBinder admissionMetrics(AdmissionControl admission) {
    return registry -> {
      for (WeightClass c : WeightClass.values()) {
        Gauge.builder(
                "gateway.admission.closed",
                admission,
                a -> verdict(a, c).map(v -> v.closed() ? 1.0 : 0.0).orElse(Double.NaN))
            .description("1 while POST /deliveries refuses this class")
            .tag("class", c.wireName())
            .register(registry);
        Gauge.builder(
                "gateway.admission.estimated.wait",
                admission,
                a -> verdict(a, c).map(ClassAdmission::estimatedWaitS).orElse(Double.NaN))
            .description("estimated wait for a drone of a new order of this class")
            .baseUnit("seconds")
            .tag("class", c.wireName())
            .register(registry);
      }
    };
  }

  private static Optional<ClassAdmission> verdict(AdmissionControl admission, WeightClass c) {
    return Optional.ofNullable(admission.current().classes().get(c.wireName()));
  }

  @Bean
  DroneService droneService(KvDocuments docs, ZonesService zones, SkippedDocuments skipped) {
    return new DroneService(docs, zones, skipped);
  }

  @Bean
  OutboxSweeper outboxSweeper(
      KvDocuments docs,
      IdempotencyStore idempotency,
      DeliveryPublisher publisher,
      Clock clock,
      GatewayProperties props,
      InstanceId instance,
      MeterRegistry metrics,
      SkippedDocuments skipped) {
    // an entry younger than a POST's own publish attempt belongs to that POST
    Duration minimum = props.publishTimeout().multipliedBy(2).plusSeconds(3);
    Duration grace =
        props.outbox().grace().compareTo(minimum) < 0 ? minimum : props.outbox().grace();
    return new OutboxSweeper(
        docs, idempotency, publisher, clock, grace, instance.value(), metrics, skipped);
  }

  @Bean
  IdempotencySweeper idempotencySweeper(KvDocuments docs, Clock clock, SkippedDocuments skipped) {
    return new IdempotencySweeper(docs, clock, skipped);
  }

  @Bean
  Maintenance maintenance(
      OutboxSweeper outbox,
      IdempotencySweeper idempotency,
      ZonesService zones,
      GatewayProperties props) {
    return new Maintenance(outbox, idempotency, zones, props.outbox().sweepInterval());
  }

  @Bean
  @Order(-50)
  RateLimitFilter rateLimitFilter(GatewayProperties props, MeterRegistry metrics) {
    return new RateLimitFilter(
        new RateLimiter(props.rateLimit()),
        metrics,
        new java.util.HashSet<>(props.rateLimit().trustedProxies()));
  }

  /**
   * Where the stream's records the gateway cannot use go ({@code <topic>.dlq}), counted in {@code
   * gateway.dead.letters{topic}}.
   */
  @Bean(destroyMethod = "close")
  DeadLetterRecoverer streamDeadLetters(KafkaSettings kafka, MeterRegistry metrics) {
    return new DeadLetterRecoverer(
        kafka.bootstrapServers(),
        kafka.clientId() + "-dead-letters",
        metrics,
        "gateway.dead.letters",
        EventHub.TOPICS);
  }

  @Bean
  EventHub eventHub(
      KafkaSettings kafka,
      DeadLetterRecoverer streamDeadLetters,
      Clock clock,
      GatewayProperties props,
      AdmissionControl admission,
      DeliveryBook deliveries) {
    GatewayProperties.Stream s = props.stream();
    return new EventHub(
        ListenerContainers.rawConsumers(kafka.consumer("stream-hub")),
        streamDeadLetters,
        clock,
        s.kpiInterval(),
        s.telemetryInterval(),
        s.kpiLookback(),
        s.clientBuffer(),
        admission,
        deliveries);
  }

  /** The recent deliveries' records the event hub keeps for GET /deliveries/{id}/timeline. */
  @Bean
  DeliveryBook deliveryBook() {
    return new DeliveryBook(DeliveryBook.DEFAULT_MAX_DELIVERIES, DeliveryBook.DEFAULT_MAX_EVENTS);
  }

  /** GET /deliveries?status=active|failed lists what the event hub knows to be in that status. */
  @Bean
  StatusIndex statusIndex(EventHub hub) {
    return new StatusIndex(hub::activeDeliveryIds, hub::failedDeliveryIds);
  }

  @Bean
  MeterBinder streamMetrics(EventHub hub) {
    return registry ->
        Gauge.builder("gateway.stream.clients", hub, EventHub::clients)
            .description("connected /stream clients")
            .register(registry);
  }

  @Bean
  StreamController streamController(EventHub hub, KafkaSettings kafka, GatewayProperties props) {
    ConsumerFactory<byte[], byte[]> replays =
        ListenerContainers.rawConsumers(kafka.consumer("replay"));
    return new StreamController(hub, new Replayer(replays, 50_000), props.stream().heartbeat());
  }

  @Bean
  KvHealthIndicator kvHealthIndicator(KvClient kv, CircuitBreaker kvCircuitBreaker) {
    return new KvHealthIndicator(kv, kvCircuitBreaker);
  }

  @Bean
  KafkaHealthIndicator kafkaHealthIndicator(Admin admin) {
    return new KafkaHealthIndicator(admin);
  }

  /** Problem documents for the requests the HTTP codec or the URI parser refuse before Spring. */
  @Bean
  NettyServerCustomizer malformedRequestGuard(InstanceId instance, MeterRegistry metrics) {
    return server ->
        server.doOnChannelInit(
            (observer, channel, remote) -> {
              if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel
                    .pipeline()
                    .addAfter(
                        NettyPipeline.HttpCodec,
                        "malformed-request-guard",
                        new MalformedRequestGuard(instance, metrics));
              }
            });
  }

  @Bean
  RouterFunction<ServerResponse> dashboardRoutes() {
    return DashboardRoutes.routes(new ClassPathResource("META-INF/resources/index.html"));
  }
}
