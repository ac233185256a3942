package dev.dronedispatch.simulator.runtime;

import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.testkit.InMemoryKvClient;

/** The KV the component tests run against. */
final class TestKv {

  private TestKv() {}

  static KvClient open() {
    return new InMemoryKvClient();
  }
}
