package dev.dronedispatch.ordergen.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dronedispatch.kafka.EmbeddedKafkaBroker;
import dev.dronedispatch.model.topics.Topics;
import dev.dronedispatch.ordergen.measure.Report;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator is started before the broker it measures with (as the launcher may restart it on a
 * loaded machine): it says it is not ready yet and tries again, and runs once a real broker is up.
 */
class BrokerNotReadyTest {

  @Test
  void theRunWaitsForTheBrokerWithBackOffAndThenSendsEveryOrder(@TempDir Path dir)
      throws Exception {
    int port = freePort();
    int controllerPort = freePort();
    String bootstrap = "127.0.0.1:" + port;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    try (GatewayDouble gateway = new GatewayDouble(2, 0, 0, id -> {})) {
      OrderGenerator gen =
          OrderGenerator.start(
              Settings.constant(gateway.url(), 50, 10, 4, Optional.of(bootstrap)), out);

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> buffer.toString(StandardCharsets.UTF_8).contains("not ready: Kafka at"));
      assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("next attempt in");
      assertThat(gen.stats().sent()).as("orders wait for the broker").isZero();

      try (EmbeddedKafkaBroker broker =
          EmbeddedKafkaBroker.start(
              new EmbeddedKafkaBroker.Settings(dir, port, controllerPort, 2))) {
        broker.createTopics(Topics.names(), 2);
        await().atMost(Duration.ofSeconds(120)).until(() -> gen.stats().completed() == 10);
        gen.stop(); // no dispatcher here: nothing to settle
        Report report = gen.report(Duration.ofSeconds(60));
        assertThat(report.sent()).isEqualTo(10);
        assertThat(report.created()).isEqualTo(10);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
