package dev.dronedispatch.dispatch.backlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.model.geo.WeightClass;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BacklogBoardTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private final BacklogBoard board = new BacklogBoard(Duration.ofSeconds(5));

  private static BacklogReport report(int partition, int pending, Instant ts) {
    return new BacklogReport(
        partition, Map.of(WeightClass.LIGHT, pending), Map.of(), List.of(), ts);
  }

  @Test
  void showsEveryOtherTasksLatestReport() {
    board.onReport("0", report(0, 1, T0));
    board.onReport("1", report(1, 2, T0));
    board.onReport("1", report(1, 3, T0.plusSeconds(1)));

    assertThat(board.others(0, T0.plusSeconds(1)))
        .extracting(r -> r.pending().get(WeightClass.LIGHT))
        .containsExactly(3);
  }

  @Test
  void aReportOlderThanTheOneShownIsIgnored() {
    board.onReport("1", report(1, 3, T0.plusSeconds(1)));
    board.onReport("1", report(1, 2, T0));

    assertThat(board.others(0, T0.plusSeconds(1)))
        .extracting(r -> r.pending().get(WeightClass.LIGHT))
        .containsExactly(3);
  }

  @Test
  void aTaskThatWentQuietStopsCountingOnceItsReportIsStale() {
    board.onReport("1", report(1, 2, T0));

    assertThat(board.others(0, T0.plusSeconds(5))).hasSize(1);
    assertThat(board.others(0, T0.plusSeconds(6))).isEmpty();
  }
}
