package dev.dronedispatch.ops;

import static dev.dronedispatch.checking.history.Simulation.HOME;
import static dev.dronedispatch.checking.history.Simulation.north;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.checking.history.Simulation;
import dev.dronedispatch.kafka.KafkaCluster;
import dev.dronedispatch.kafka.RealKafkaExtension;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.AssignmentDecision;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DeliveryWaiting;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.json.Json;
import dev.dronedispatch.model.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code ops explain} in-process against a real broker, over the records a delivery leaves on the
 * topics: one through its whole life cycle (it waited, was assigned with a decision, flown, picked
 * up and delivered), one still pending.
 */
class ExplainCommandTest {

  private static final GeoPoint ORIGIN = north(HOME, 1);
  private static final GeoPoint DESTINATION = north(HOME, 3);
  private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

  private static KafkaCluster kafka;
  private static String bootstrap;

  @BeforeAll
  static void topics() throws Exception {
    // a broker of its own: a replay by time expects a partition's records in time order, and
    // other test classes record other days on the shared one
    kafka = RealKafkaExtension.startCluster();
    kafka.createTopics(Topics.names(), Topics.DEFAULT_PARTITIONS);
    bootstrap = kafka.bootstrapServers();
    Simulation sim =
        new Simulation("drone-7", HOME, T0).hover(2).deliver("lifecycle", ORIGIN, DESTINATION);
    Instant requested = sim.requests().get(0).requestedAt();
    try (var producer = producer()) {
      for (var r : sim.requests()) {
        send(producer, Topics.DELIVERIES_REQUESTED.name(), r.id(), r.requestedAt(), r);
      }
      for (var t : sim.telemetry()) {
        send(producer, Topics.DRONES_TELEMETRY.name(), t.droneId(), t.ts(), t);
      }
      send(
          producer,
          Topics.DISPATCH_DECISIONS.name(),
          "lifecycle",
          requested.plusMillis(10),
          new DeliveryWaiting(
              "lifecycle",
              "taken",
              requested.plusMillis(10),
              requested,
              1,
              Map.of("unavailable", 1)));
      for (var e : sim.statuses()) {
        send(producer, Topics.DELIVERIES_STATUS.name(), e.deliveryId(), e.ts(), withDecision(e));
      }
      Instant waiting = T0.plusSeconds(5);
      send(
          producer,
          Topics.DELIVERIES_REQUESTED.name(),
          "waiting",
          waiting,
          new DeliveryRequested(
              "waiting", ORIGIN, DESTINATION, 9.0, WeightClass.HEAVY, "zone 0", "zone 1", waiting));
      for (var w :
          List.of(
              new DeliveryWaiting(
                  "waiting", "no_idle_drone", waiting.plusMillis(30), waiting, 0, Map.of()),
              new DeliveryWaiting(
                  "waiting",
                  "no_battery_for_trip",
                  waiting.plusSeconds(4),
                  waiting,
                  2,
                  Map.of("energy_infeasible", 2)))) {
        send(producer, Topics.DISPATCH_DECISIONS.name(), "waiting", w.ts(), w);
      }
    }
  }

  /** The assigned event as the dispatcher writes it: with the pick's decision. */
  private static DeliveryStatusChanged withDecision(DeliveryStatusChanged e) {
    if (e.status() != DeliveryStatus.ASSIGNED) {
      return e;
    }
    return new DeliveryStatusChanged(
        e.deliveryId(),
        e.status(),
        e.droneId(),
        e.leg(),
        e.ts(),
        e.requestedAt(),
        "assigned",
        new AssignmentDecision(
            3,
            Map.of("battery_critical", 1),
            new AssignmentDecision.RankKeys("drone-7", 1.0, 5, 0, 100, 72, null),
            List.of(
                new AssignmentDecision.RankKeys(
                    "drone-8", 1.5, 7, 0, 100, 72, "distance_bucket"))));
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  void aDeliveredDeliveryIsToldStepByStepWithItsDecisionAndTelemetry() {
    String out = explain(0, "lifecycle");
    assertThat(out).contains("delivery lifecycle  state delivered");
    assertThat(out.lines().filter(l -> l.matches("^\\d{4}-.*")).map(l -> l.split("\\s+")[1]))
        .containsExactly("requested", "waiting", "assigned", "in_flight", "picked_up", "delivered");
    assertThat(out)
        .contains("taken: the idle ones near enough went to older deliveries")
        .contains("decision at ")
        .contains("drone-8")
        .contains("lost: farther: 1.50 km (bucket 7) against 1.00 km (bucket 5)")
        .contains("telemetry of the drone around each step");

    JsonNode json = Json.mapper().readTree(explain(0, "lifecycle", "--json"));
    assertThat(json.get("state").asString()).isEqualTo("delivered");
    JsonNode timeline = json.get("timeline");
    assertThat(timeline.size()).isEqualTo(6);
    assertThat(timeline.get(5).get("spent_s").isNull()).as("delivered: nothing after it").isTrue();
    assertThat(timeline.get(0).get("spent_s").asDouble()).isGreaterThan(0);
    JsonNode decision = json.get("decisions").get(0);
    assertThat(decision.get("chosen").get("drone_id").asString()).isEqualTo("drone-7");
    assertThat(decision.get("runners_up").get(0).get("keys").get("lost_on").asString())
        .isEqualTo("distance_bucket");
    for (JsonNode fixes : json.get("telemetry")) {
      assertThat(fixes.get("drone_id").asString()).isEqualTo("drone-7");
      assertThat(fixes.get("before").isNull() && fixes.get("after").isNull())
          .as("telemetry around " + fixes.get("step"))
          .isFalse();
    }
  }

  @Test
  void aPendingDeliveryIsToldWhyItWaitsAndForHowLong() {
    String out = explain(0, "waiting", "--to", "2026-11-25T08:01:05Z");
    assertThat(out).contains("delivery waiting  state pending");
    assertThat(out)
        .contains("no_idle_drone: no drone of its class idle")
        .contains("no_battery_for_trip: the idle ones near enough lack the battery for the trip")
        .contains("56.0 s") // in its last step since 08:00:09 until --to
        .doesNotContain("decision at");
  }

  @Test
  void anUnknownDeliveryIsOneLineOnStderrAndExitCodeFive() {
    StringWriter err = new StringWriter();
    int code =
        OpsMain.run(
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            "explain",
            "nobody",
            "--bootstrap-servers",
            bootstrap);
    assertThat(code).isEqualTo(5);
    assertThat(err.toString().strip())
        .isEqualTo(
            "ops explain: no delivery nobody on deliveries.requested, deliveries.status or"
                + " dispatch.decisions");
  }

  private static String explain(int expectedCode, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 3];
    all[0] = "explain";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--bootstrap-servers";
    all[args.length + 2] = bootstrap;
    int code = OpsMain.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
    assertThat(code).as(err.toString()).isEqualTo(expectedCode);
    return out.toString();
  }

  private static KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(
        Map.<String, Object>of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
        new StringSerializer(),
        new StringSerializer());
  }

  private static void send(
      KafkaProducer<String, String> producer, String topic, String key, Instant ts, Object value)
      throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                topic, null, ts.toEpochMilli(), key, Json.mapper().writeValueAsString(value)))
        .get();
  }
}
