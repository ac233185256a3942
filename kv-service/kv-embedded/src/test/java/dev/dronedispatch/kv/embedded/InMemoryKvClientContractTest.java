package dev.dronedispatch.kv.embedded;

import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.testkit.InMemoryKvClient;

/** The in-memory fake of kv-testkit held to the same contract as the real service. */
class InMemoryKvClientContractTest extends KvClientContract {

  private final InMemoryKvClient client = new InMemoryKvClient();

  @Override
  KvClient client() {
    return client;
  }

  @Override
  int replicas() {
    return 1;
  }
}
