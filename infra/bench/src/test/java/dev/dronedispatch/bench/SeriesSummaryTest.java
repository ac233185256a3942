package dev.dronedispatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesSummaryTest {

  @Test
  void eachPerformanceFigureIsItsOwnMedianAndDefectCountsAreSummed() {
    String line =
        SeriesSummary.of(
            "dispatch",
            List.of(
                "dispatch: offered=250 assigned=21.5 p50=42041 p95=91619 p99=92799 backlog=12319"
                    + " double=0",
                "dispatch: offered=248 assigned=26.2 p50=44597 p95=80806 p99=94700 backlog=10881"
                    + " double=1",
                "dispatch: offered=249 assigned=20.6 p50=39682 p95=92930 p99=87097 backlog=12320"
                    + " double=0"));

    assertThat(line)
        .isEqualTo(
            "dispatch: offered=249 assigned=21.5 p50=42041 p95=91619 p99=92799 backlog=12319"
                + " double=1");
  }

  @Test
  void anEvenNumberOfRunsTakesTheMeanOfTheMiddleTwoWithTheFirstRunsDecimals() {
    String line =
        SeriesSummary.of(
            "ingest",
            List.of(
                "ingest: offered=1000 accepted=676 p50=38.5 p99=58.8 errors=4 lost=0",
                "ingest: offered=1000 accepted=680 p50=40.5 p99=60.8 errors=6 lost=2"));

    assertThat(line)
        .isEqualTo("ingest: offered=1000 accepted=678 p50=39.5 p99=59.8 errors=5 lost=2");
  }

  @Test
  void aLineOfAnotherBenchmarkOrWithoutAFigureIsRefused() {
    assertThatThrownBy(() -> SeriesSummary.of("dispatch", List.of("ingest: offered=1 accepted=1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a dispatch summary line");
    assertThatThrownBy(
            () ->
                SeriesSummary.of(
                    "ingest", List.of("ingest: offered=1 lost=0", "ingest: offered=2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no lost=");
    assertThatThrownBy(() -> SeriesSummary.of("ingest", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
