package dev.dronedispatch.model.kv;

import static org.assertj.core.api.Assertions.assertThat;

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
  void keysOfAnotherShapeAreNotTimeKeys() {
    assertThat(TimeKey.parse("")).isEmpty();
    assertThat(TimeKey.parse("1000000000000:")).isEmpty();
    assertThat(TimeKey.parse("100000000000:x")).isEmpty();
    assertThat(TimeKey.parse("-100000000000:x")).isEmpty();
    assertThat(TimeKey.parse("10000000000a0:x")).isEmpty();
  }
}
