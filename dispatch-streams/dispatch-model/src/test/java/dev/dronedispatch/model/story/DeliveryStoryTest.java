package dev.dronedispatch.model.story;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.model.events.AssignmentDecision;
import org.junit.jupiter.api.Test;

class DeliveryStoryTest {

  private static final AssignmentDecision.RankKeys WINNER =
      new AssignmentDecision.RankKeys("drone-7", 0.31, 1, 0, 60.0, 60.0, null);

  @Test
  void aRunnerUpIsToldTheKeyItLostOnWithBothValues() {
    assertThat(
            DeliveryStory.whyLost(
                new AssignmentDecision.RankKeys("drone-3", 0.52, 2, 0, 90, 60, "distance_bucket"),
                WINNER))
        .isEqualTo("farther: 0.52 km (bucket 2) against 0.31 km (bucket 1)");
    assertThat(
            DeliveryStory.whyLost(
                new AssignmentDecision.RankKeys("drone-12", 0.35, 1, 0, 64, 60, "battery"), WINNER))
        .isEqualTo("fuller: 64.0% against 60.0% (the emptier goes, the fuller is kept)");
    assertThat(
            DeliveryStory.whyLost(
                new AssignmentDecision.RankKeys("drone-9", 0.31, 1, 0, 60, 60, "drone_number"),
                WINNER))
        .isEqualTo("tied on every key; the lower drone number goes first");
  }
}
