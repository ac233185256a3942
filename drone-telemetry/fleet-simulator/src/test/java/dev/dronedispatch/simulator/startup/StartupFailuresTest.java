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

  @Test
  void theBackOffGrowsWithEachFailureAndTheHealthDetailsSayWhy() {
    StartupProgress progress = new StartupProgress();
    long first = progress.failed(new KvUnavailableException("KV down")).toMillis();
    for (int i = 0; i < 8; i++) {
      progress.failed(new KvUnavailableException("KV down"));
    }
    long ninth = progress.failed(new KvUnavailableException("KV still down")).toMillis();
    assertThat(first).isBetween(800L, 1_200L);
    assertThat(ninth).isBetween(24_000L, 36_000L);
    assertThat(progress.details())
        .containsEntry("phase", "starting")
        .containsEntry("failed_start_attempts", 10);
    assertThat((String) progress.details().get("last_start_error")).contains("KV still down");
    progress.started();
    assertThat(progress.details()).containsEntry("phase", "running");
  }
}
