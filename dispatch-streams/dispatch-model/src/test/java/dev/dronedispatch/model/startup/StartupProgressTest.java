package dev.dronedispatch.model.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class StartupProgressTest {

  @Test
  void theBackOffGrowsWithEachFailureAndTheHealthDetailsSayWhy() {
    StartupProgress progress = new StartupProgress();
    long first = progress.failed(new ConnectException("broker down")).toMillis();
    for (int i = 0; i < 8; i++) {
      progress.failed(new ConnectException("broker down"));
    }
    long ninth = progress.failed(new ConnectException("broker still down")).toMillis();
    assertThat(first).isBetween(800L, 1_200L);
    assertThat(ninth).isBetween(24_000L, 36_000L);
    assertThat(progress.details())
        .containsEntry("phase", "starting")
        .containsEntry("failed_start_attempts", 10);
    assertThat((String) progress.details().get("last_start_error")).contains("broker still down");
    progress.started();
    assertThat(progress.details()).containsEntry("phase", "running");
  }
}
