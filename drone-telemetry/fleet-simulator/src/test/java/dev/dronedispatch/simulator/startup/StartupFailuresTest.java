package dev.dronedispatch.simulator.startup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.client.KvUnavailableException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class StartupFailuresTest {

  @Test
  void theKvOrTheBrokerNotAnsweringYetIsTransient() {
    assertThat(StartupFailures.isTransient(new KvUnavailableException("KV answered 503"))).isTrue();
    assertThat(
            StartupFailures.isTransient(
                new org.apache.kafka.common.errors.TimeoutException(
                    "Timeout expired while fetching topic metadata")))
        .isTrue();
    assertThat(StartupFailures.isTransient(new ConnectException("Connection refused"))).isTrue();
  }

  @Test
  void aBlockingWaitThatRanOutIsTransientThroughItsCause() {
    assertThat(
            StartupFailures.isTransient(
                new IllegalStateException(
                    "Timeout on blocking read", new TimeoutException("Timeout on blocking read"))))
        .isTrue();
  }

  @Test
  void anythingElseEndsTheStart() {
    assertThat(StartupFailures.isTransient(new IllegalArgumentException("bad zones document")))
        .isFalse();
    assertThat(StartupFailures.isTransient(new IllegalStateException("no cause"))).isFalse();
  }
}
