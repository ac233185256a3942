package dev.dronedispatch.dashboard.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real ingest-gateway application, started in this JVM on a free loopback port against the
 * given KV coordinator and Kafka broker. Its classes come from the gateway's executable jar
 * (unpacked by the build), so it is loaded by name; the dashboard it serves is this build's
 * dashboard-ui jar on the classpath.
 */
final class GatewayUnderTest implements AutoCloseable {

  static final String APPLICATION_CLASS = "dev.dronedispatch.gateway.GatewayApplication";

  private final ConfigurableApplicationContext context;
  private final int port;

  private GatewayUnderTest(ConfigurableApplicationContext context, int port) {
    this.context = context;
    this.port = port;
  }

  static GatewayUnderTest start(String kvUrl, String bootstrapServers) {
    int port = freePort();
    Map<String, String> props =
        Map.of(
            "server.port", String.valueOf(port),
            "server.address", "127.0.0.1",
            "gateway.instance-id", "browser-test",
            "gateway.kv-url", kvUrl,
            "gateway.kafka-bootstrap-servers", bootstrapServers,
            "gateway.stream.heartbeat", "2s",
            "gateway.stream.kpi-lookback", "10m");
    List<String> args = new ArrayList<>();
    props.forEach((k, v) -> args.add("--" + k + "=" + v));
    Class<?> app;
    try {
      app = Class.forName(APPLICATION_CLASS);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          APPLICATION_CLASS
              + " is not on the test classpath: build the gateway first"
              + " (mvn install -DskipTests -pl ingest-gateway -am)",
          e);
    }
    ConfigurableApplicationContext ctx =
        new SpringApplicationBuilder(app).run(args.toArray(String[]::new));
    return new GatewayUnderTest(ctx, port);
  }

  /** The base URL, with a trailing slash so relative paths resolve under it. */
  String baseUrl() {
    return "http://127.0.0.1:" + port + "/";
  }

  @Override
  public void close() {
    context.close();
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
