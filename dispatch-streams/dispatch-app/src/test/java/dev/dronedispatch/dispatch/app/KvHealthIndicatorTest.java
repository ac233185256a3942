package dev.dronedispatch.dispatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.checking.fault.DroppingKvClient;
import dev.dronedispatch.checking.fault.DroppingKvClient.Drop;
import dev.dronedispatch.checking.fault.FaultLog;
import dev.dronedispatch.kv.testkit.InMemoryKvClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class KvHealthIndicatorTest {

  @Test
  void upWhileTheKvAnswers() {
    Health h =
        new KvHealthIndicator(new InMemoryKvClient(), Duration.ofSeconds(1)).health().block();
    assertThat(h.getStatus()).isEqualTo(Status.UP);
  }

  @Test
  void downWhenTheKvIsUnavailableOrDoesNotAnswerInTime() {
    DroppingKvClient unavailable =
        new DroppingKvClient(new InMemoryKvClient(), "dispatch", new FaultLog());
    unavailable.drop(Drop.CALL);
    DroppingKvClient hanging =
        new DroppingKvClient(new InMemoryKvClient(), "dispatch", new FaultLog());
    hanging.drop(Drop.SILENCE);

    assertThat(new KvHealthIndicator(unavailable, Duration.ofSeconds(1)).health().block())
        .extracting(Health::getStatus)
        .isEqualTo(Status.DOWN);
    assertThat(new KvHealthIndicator(hanging, Duration.ofMillis(100)).health().block())
        .extracting(Health::getStatus)
        .isEqualTo(Status.DOWN);
  }
}
