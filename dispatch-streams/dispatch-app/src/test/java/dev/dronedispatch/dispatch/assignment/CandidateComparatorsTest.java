package dev.dronedispatch.dispatch.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.dispatch.fleet.DroneView;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Three candidates per comparator; the sorted order is asserted. */
class CandidateComparatorsTest {

  private static Candidate c(String id, long bucket, int zone, double battery, double speed) {
    DroneView d =
        new DroneView(
            id,
            WeightClass.LIGHT,
            DroneStatus.IDLE,
            null,
            battery,
            speed,
            null,
            false,
            null,
            Instant.EPOCH,
            null);
    return new Candidate(d, bucket * 0.2, bucket, zone);
  }

  private static List<String> sorted(List<Candidate> in, java.util.Comparator<Candidate> cmp) {
    List<Candidate> copy = new ArrayList<>(in);
    copy.sort(cmp);
    return copy.stream().map(x -> x.drone().id()).toList();
  }

  @Test
  void byDistanceBucketNearestFirst() {
    var in =
        List.of(c("drone-1", 3, 0, 50, 50), c("drone-2", 1, 2, 50, 50), c("drone-3", 2, 0, 50, 50));
    assertThat(sorted(in, CandidateComparators.BY_DISTANCE_BUCKET))
        .containsExactly("drone-2", "drone-3", "drone-1");
  }

  @Test
  void byZoneProximitySameZoneThenNeighbour() {
    var in =
        List.of(c("drone-1", 0, 2, 50, 50), c("drone-2", 0, 0, 50, 50), c("drone-3", 0, 1, 50, 50));
    assertThat(sorted(in, CandidateComparators.BY_ZONE_PROXIMITY))
        .containsExactly("drone-2", "drone-3", "drone-1");
  }

  @Test
  void byBatteryLowerFirst() {
    var in =
        List.of(c("drone-1", 0, 0, 90, 50), c("drone-2", 0, 0, 40, 50), c("drone-3", 0, 0, 60, 50));
    assertThat(sorted(in, CandidateComparators.BY_BATTERY_ASCENDING))
        .containsExactly("drone-2", "drone-3", "drone-1");
  }

  @Test
  void bySpeedFasterFirst() {
    var in =
        List.of(c("drone-1", 0, 0, 50, 30), c("drone-2", 0, 0, 50, 60), c("drone-3", 0, 0, 50, 45));
    assertThat(sorted(in, CandidateComparators.BY_SPEED_DESCENDING))
        .containsExactly("drone-2", "drone-3", "drone-1");
  }

  @Test
  void theOriginalOrderComposesTheKeysThenIndexOrder() {
    var in =
        List.of(
            c("drone-10", 1, 0, 50, 50),
            c("drone-9", 1, 0, 50, 50),
            c("drone-3", 1, 1, 10, 90),
            c("drone-4", 0, 2, 99, 10));
    assertThat(
            sorted(
                in, CandidateComparators.compose(RankingKey.parseList(RankingKey.ORIGINAL_ORDER))))
        .containsExactly("drone-4", "drone-9", "drone-10", "drone-3");
    // a reconfigured order: battery first
    assertThat(
            sorted(
                in, CandidateComparators.compose(RankingKey.parseList("battery,distance_bucket"))))
        .containsExactly("drone-3", "drone-9", "drone-10", "drone-4");
  }
}
