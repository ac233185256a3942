package dev.dronedispatch.dispatch.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExclusionsTest {

  @Test
  void aDroneInAnyPartIsExcluded() {
    Exclusions e = Exclusions.of(Set.of("drone-1"), Set.of(), Set.of("drone-3"));

    assertThat(e.contains("drone-1")).isTrue();
    assertThat(e.contains("drone-3")).isTrue();
    assertThat(e.contains("drone-2")).isFalse();
    assertThat(Exclusions.NONE.contains("drone-1")).isFalse();
  }

  @Test
  void partsAreReadInPlaceSoARoundsGrowingSetsNeedNoCopy() {
    Set<String> given = new HashSet<>();
    Exclusions e = Exclusions.of(given);

    given.add("drone-7");

    assertThat(e.contains("drone-7")).isTrue();
  }

  @Test
  void andAddsAPartWithoutChangingTheOriginal() {
    Exclusions base = Exclusions.of(Set.of("drone-1"));

    Exclusions more = base.and(Set.of("drone-2"));

    assertThat(more.contains("drone-1")).isTrue();
    assertThat(more.contains("drone-2")).isTrue();
    assertThat(base.contains("drone-2")).isFalse();
    assertThat(base.and(Set.of())).isSameAs(base);
  }
}
