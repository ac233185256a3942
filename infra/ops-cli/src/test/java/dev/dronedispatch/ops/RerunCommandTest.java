package dev.dronedispatch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kafka.KafkaCluster;
import dev.dronedispatch.kafka.RealKafkaExtension;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ops rerun} in-process against a real broker, over what the dispatch topology recorded
 * running free: replayed with the same settings every decision comes out the same; with a shorter
 * pickup range the assignments to drones beyond it are listed as differences.
 */
class RerunCommandTest {

  private static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");
  private static final String FROM = "2026-11-27T09:00:00Z";
  private static final String TO = "2026-11-27T09:01:00Z";

  /** Ten drones 0.3 to 3 km from the origin; twelve requests: the last two find none. */
  private static final double[] DRONE_KM = {0.3, 0.6, 0.9, 1.2, 1.5, 1.8, 2.1, 2.4, 2.7, 3.0};

  private static KafkaCluster kafka;
  private static String bootstrap;
  private static DispatchRecording recording;

  @BeforeAll
  static void record() throws Exception {
    // a broker of its own: a replay by time expects a partition's records in time order, and
    // other test classes record other days on the shared one
    kafka = RealKafkaExtension.startCluster();
    kafka.createTopics(dev.dronedispatch.model.topics.Topics.names(), 6);
    bootstrap = kafka.bootstrapServers();
    recording = DispatchRecording.record(T0, DRONE_KM, 12, 60);
    recording.publish(bootstrap);
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  void theRecordingAssignedTheNearestFreeDroneEachTime() {
    assertThat(
            recording.statuses.stream()
                .filter(e -> e.status() == DeliveryStatus.ASSIGNED)
                .map(e -> e.droneId()))
        .hasSize(10)
        .startsWith("drone-1", "drone-2", "drone-3");
  }

  @Test
  void unchangedSettingsMakeEveryDecisionAgain() {
    List<String> out = rerun().lines().toList();
    assertThat(out.get(out.size() - 1)).isEqualTo("rerun: decisions=10 differences=0");
    assertThat(out).noneMatch(l -> l.startsWith("difference"));
  }

  @Test
  void aShorterPickupRangeListsTheAssignmentsItUndoes() {
    List<String> out = rerun("--set", "MAX_PICKUP_KM=1").lines().toList();
    // drones 4 to 10 are more than 1 km away: their seven deliveries find no drone
    assertThat(out.get(out.size() - 1)).isEqualTo("rerun: decisions=10 differences=7");
    assertThat(out)
        .filteredOn(l -> l.startsWith("difference"))
        .hasSize(7)
        .allMatch(l -> l.endsWith("rerun no drone (out_of_range)"))
        .anyMatch(l -> l.contains("rerun-d3 ") && l.contains("recorded drone-4"));
  }

  @Test
  void anUnknownSettingIsAUsageError() {
    StringWriter err = new StringWriter();
    int code =
        OpsMain.run(
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            "rerun",
            "--from",
            FROM,
            "--to",
            TO,
            "--set",
            "MAX_PICKUP=1",
            "--bootstrap-servers",
            bootstrap);
    assertThat(code).isEqualTo(ExitCode.USAGE.code);
    assertThat(err.toString()).startsWith("ops rerun: --set MAX_PICKUP: not a dispatcher setting");
  }

  private static String rerun(String... settings) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] args = new String[7 + settings.length];
    String[] base = {"rerun", "--from", FROM, "--to", TO, "--bootstrap-servers", bootstrap};
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(settings, 0, args, base.length, settings.length);
    int code = OpsMain.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    assertThat(code).as(err.toString()).isZero();
    return out.toString();
  }
}
