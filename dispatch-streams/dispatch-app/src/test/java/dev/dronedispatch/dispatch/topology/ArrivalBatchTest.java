package dev.dronedispatch.dispatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ArrivalBatchTest {

  private final BatchCadence cadence =
      new BatchCadence(Duration.ofMillis(10), Duration.ofMillis(200));
  private final ArrivalBatch batch = new ArrivalBatch(cadence, 100);

  @BeforeEach
  void startTheCadenceAtZero() {
    cadence.epochAt(0);
  }

  @Test
  void arrivalsWaitForTheEpochOfTheFirstToEnd() {
    batch.arrived(1, 2);
    batch.arrived(2, 4);

    assertThat(batch.due(2, 9)).isFalse();
    assertThat(batch.due(2, 10)).isTrue();
  }

  @Test
  void twoTasksOnOneCadenceBatchTogether() {
    ArrivalBatch other = new ArrivalBatch(cadence, 100);
    batch.arrived(1, 1);
    other.arrived(1, 8);

    assertThat(batch.due(1, 10)).isTrue();
    assertThat(other.due(1, 10)).isTrue();
  }

  @Test
  void aFullBatchIsDueAtOnce() {
    batch.arrived(1, 0);

    assertThat(batch.full(100)).isTrue();
    assertThat(batch.due(100, 1)).isTrue();
    assertThat(batch.full(99)).isFalse();
  }

  @Test
  void nothingWaitingIsNeverDue() {
    assertThat(batch.due(0, 60_000)).isFalse();
  }

  @Test
  void theWaitRestartsWithTheFirstArrivalAfterABatchWasTaken() {
    batch.arrived(1, 0);
    batch.arrived(1, 52); // the batch before was taken; this one waits for epoch 5 to end

    assertThat(batch.due(1, 59)).isFalse();
    assertThat(batch.due(1, 60)).isTrue();
  }
}
