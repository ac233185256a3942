package dev.dronedispatch.dispatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BatchCadenceTest {

  private final BatchCadence cadence =
      new BatchCadence(Duration.ofMillis(10), Duration.ofMillis(200));

  @Test
  void theFirstCallStartsTheFirstEpoch() {
    assertThat(cadence.epochAt(1_000)).isZero();
    assertThat(cadence.epochAt(1_009)).isZero();
    assertThat(cadence.epochAt(1_010)).isEqualTo(1);
  }

  @Test
  void withoutKvWorkAnEpochLastsTheShortestBeat() {
    assertThat(cadence.epochAt(0)).isZero();
    assertThat(cadence.epochAt(9)).isZero();
    assertThat(cadence.epochAt(10)).isEqualTo(1);
    assertThat(cadence.epochAt(20)).isEqualTo(2);
  }

  @Test
  void theNextEpochLastsTwiceTheKvWorkOfTheOneBefore() {
    cadence.epochAt(0);
    cadence.worked(Duration.ofMillis(30)); // the batches of epoch 0 took 30 ms in all

    assertThat(cadence.epochAt(10)).isEqualTo(1); // epoch 1 now lasts 60 ms
    assertThat(cadence.epochAt(69)).isEqualTo(1);
    assertThat(cadence.epochAt(70)).isEqualTo(2);
  }

  @Test
  void workOfParallelStreamThreadsCountsOnceNotSummed() throws InterruptedException {
    cadence.epochAt(0);
    cadence.worked(Duration.ofMillis(30));
    Thread other = new Thread(() -> cadence.worked(Duration.ofMillis(20)));
    other.start();
    other.join();

    assertThat(cadence.epochAt(10)).isEqualTo(1); // the busiest thread worked 30 ms: 60 ms
    assertThat(cadence.epochAt(69)).isEqualTo(1);
    assertThat(cadence.epochAt(70)).isEqualTo(2);
  }

  @Test
  void anEpochNeverOutlastsTheLongestBeat() {
    cadence.epochAt(0);
    cadence.worked(Duration.ofMillis(500));

    assertThat(cadence.epochAt(10)).isEqualTo(1);
    assertThat(cadence.epochAt(209)).isEqualTo(1);
    assertThat(cadence.epochAt(210)).isEqualTo(2);
  }

  @Test
  void anIdleStretchIsSkippedAtTheShortestBeat() {
    cadence.epochAt(0);
    cadence.worked(Duration.ofMillis(50));

    long epoch = cadence.epochAt(60_000); // a minute without requests

    assertThat(epoch).isGreaterThan(1);
    assertThat(cadence.epochAt(60_000 + 10)).isEqualTo(epoch + 1);
  }
}
