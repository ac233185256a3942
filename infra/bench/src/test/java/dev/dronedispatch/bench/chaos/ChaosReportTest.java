package dev.dronedispatch.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosReportTest {

  @Test
  void theSummaryLineCountsEveryKindOfViolationTogether() {
    ChaosReport report =
        new ChaosReport(3, 9, 1200, 0, 2, 1, 1, 1, List.of("kafka-2 did not start"), 4);
    assertThat(report.summaryLine())
        .isEqualTo("chaos: minutes=3 faults=9 acked=1200 lost=0 violations=6 stuck=4");
    assertThat(report.clean()).isFalse();
  }

  @Test
  void aRunWithNothingLostViolatedOrStuckIsClean() {
    ChaosReport report = new ChaosReport(3, 9, 1200, 0, 0, 0, 0, 0, List.of(), 0);
    assertThat(report.clean()).isTrue();
    assertThat(report.summaryLine()).endsWith("lost=0 violations=0 stuck=0");
  }
}
