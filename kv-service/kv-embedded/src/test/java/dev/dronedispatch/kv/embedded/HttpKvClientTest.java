package dev.dronedispatch.kv.embedded;

import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.http.HttpKvClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The Java client against a real in-process cluster: every operation of the contract. */
class HttpKvClientTest extends KvClientContract {

  @TempDir static Path dir;
  static LocalKvCluster cluster;
  static HttpKvClient client;

  @BeforeAll
  static void start() {
    cluster = Http.authorize(LocalKvCluster.start(dir));
    client = cluster.newClient();
  }

  @AfterAll
  static void stop() {
    client.close();
    cluster.close();
  }

  @Override
  KvClient client() {
    return client;
  }

  @Override
  int replicas() {
    return 2;
  }
}
