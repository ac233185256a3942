package dev.dronedispatch.model.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TimeKeyTest {

  @Test
  void keysSortInTimeOrderAcrossDigitCountsAndParseBack() {
    Instant early = Instant.ofEpochMilli(999_999_999_999L);
    Instant late = Instant.ofEpochMilli(1_000_000_000_000L);
    List<String> sorted =
        Stream.of(TimeKey.of(late, "a"), TimeKey.of(early, "z")).sorted().toList();

    assertThat(sorted).containsExactly("0999999999999:z", "1000000000000:a");
    assertThat(TimeKey.parse(sorted.get(0))).contains(new TimeKey(early, "z"));
    assertThat(TimeKey.parse("1000000000000:id:with:colons"))
        .contains(new TimeKey(late, "id:with:colons"));
  }

  @Test
  void everyKeyIsThirteenPaddedDigitsAColonAndTheId() {
    assertThat(TimeKey.of(0, "x")).isEqualTo("0000000000000:x");
    assertThat(TimeKey.of(1_733_500_000_123L, "d-1")).isEqualTo("1733500000123:d-1");
    assertThat(TimeKey.of(Instant.ofEpochMilli(42), "q")).isEqualTo("0000000000042:q");
    assertThatThrownBy(() -> TimeKey.of(-1, "x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keysOfAnotherShapeAreNotTimeKeys() {
    assertThat(TimeKey.parse("")).isEmpty();
    assertThat(TimeKey.parse("1000000000000:")).isEmpty();
    assertThat(TimeKey.parse("100000000000:x")).isEmpty();
    assertThat(TimeKey.parse("-100000000000:x")).isEmpty();
    assertThat(TimeKey.parse("10000000000a0:x")).isEmpty();
  }
}
