package dev.dronedispatch.dispatch.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PickResultTest {

  private static PickResult none(Map<Rejection, Integer> rejections) {
    int considered = rejections.values().stream().mapToInt(Integer::intValue).sum();
    return new PickResult(
        Optional.empty(),
        List.of(),
        List.of(),
        0,
        considered,
        rejections,
        List.of(),
        List.of(),
        List.of());
  }

  @Test
  void aPickWithoutADroneIsExplainedByItsMostFrequentRejection() {
    assertThat(none(Map.of(Rejection.NOT_IDLE, 2, Rejection.TOO_FAR, 5)).whyNone())
        .isEqualTo("too_far");
  }

  @Test
  void aPickThatLookedAtNoDroneHadNoCandidate() {
    assertThat(none(Map.of()).whyNone()).isEqualTo("no_candidate");
  }
}
