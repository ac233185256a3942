package dev.dronedispatch.model.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

  @Test
  void histogramsInMicrosAndInMillisGiveTheSameMilliseconds() {
    Histogram micros = new Histogram(3);
    Histogram millis = new Histogram(3);
    for (int ms = 1; ms <= 100; ms++) {
      micros.recordValue(ms * 1000L);
      millis.recordValue(ms);
    }
    LatencySummary a = LatencySummary.ofMicros(micros);
    LatencySummary b = LatencySummary.ofMillis(millis);

    assertThat(a.count()).isEqualTo(100).isEqualTo(b.count());
    assertThat(a.p50Ms()).isCloseTo(50, within(0.1)).isCloseTo(b.p50Ms(), within(0.1));
    assertThat(a.p99Ms()).isCloseTo(99, within(0.1));
    assertThat(a.maxMs()).isCloseTo(100, within(0.1));
    assertThat(b.meanMs()).isCloseTo(50.5, within(0.1));
  }

  @Test
  void anEmptyHistogramIsTheEmptySummary() {
    assertThat(LatencySummary.ofMillis(new Histogram(3))).isEqualTo(LatencySummary.EMPTY);
    assertThat(LatencySummary.EMPTY.format()).isEqualTo("n=0");
  }
}
