package dev.dronedispatch.model.story;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.events.AssignmentDecision;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  @Test
  void theStepADeliveryInProgressIsInIsTimedUntilNowAndNeverNegative() {
    Instant requested = Instant.parse("2026-12-07T00:00:10Z");
    DeliveryRecords waiting =
        new DeliveryRecords(
            "d-1",
            Optional.of(
                new DeliveryRequested(
                    "d-1",
                    new GeoPoint(40.0, -74.0),
                    new GeoPoint(40.01, -74.01),
                    2.0,
                    WeightClass.LIGHT,
                    "zone 1",
                    "zone 2",
                    requested)),
            List.of(),
            List.of(),
            Map.of());

    Explanation.Step later =
        DeliveryStory.of(waiting, requested.plusMillis(2_500)).timeline().get(0);
    assertThat(later.ongoing()).isTrue();
    assertThat(later.spentS()).isEqualTo(2.5);

    // asOf read from a clock a little behind the one that stamped the request
    Explanation.Step skewed =
        DeliveryStory.of(waiting, requested.minusMillis(40)).timeline().get(0);
    assertThat(skewed.ongoing()).isTrue();
    assertThat(skewed.spentS()).isEqualTo(0.0);
  }
}
