package dev.dronedispatch.dispatch.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.dispatch.config.DispatchConfig;
import dev.dronedispatch.dispatch.fleet.DroneView;
import dev.dronedispatch.dispatch.index.FleetIndex;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DronePickerTest {

  private static final DispatchConfig CONFIG = DispatchConfig.defaults();
  private static final WeightClass[] CLASSES = WeightClass.values();
  private static final DroneStatus[] STATUSES = DroneStatus.values();

  private static List<DroneView> randomFleet(Random rnd, int n) {
    List<DroneView> fleet = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      GeoPoint p = new GeoPoint(41.80 + rnd.nextDouble() * 0.18, 12.37 + rnd.nextDouble() * 0.23);
      DroneStatus s =
          rnd.nextInt(3) == 0 ? STATUSES[rnd.nextInt(STATUSES.length)] : DroneStatus.IDLE;
      fleet.add(
          new DroneView(
              "drone-" + i,
              CLASSES[rnd.nextInt(3)],
              s,
              p,
              20 + rnd.nextInt(81),
              30 + rnd.nextInt(4) * 10,
              null,
              false,
              null,
              Instant.EPOCH,
              null));
    }
    return fleet;
  }

  private static DeliveryRequested randomDelivery(Random rnd, int i) {
    GeoPoint o = new GeoPoint(41.80 + rnd.nextDouble() * 0.18, 12.37 + rnd.nextDouble() * 0.23);
    GeoPoint d = new GeoPoint(41.80 + rnd.nextDouble() * 0.18, 12.37 + rnd.nextDouble() * 0.23);
    return new DeliveryRequested(
        "d" + i, o, d, 1, CLASSES[rnd.nextInt(3)], null, null, Instant.EPOCH);
  }

  @Test
  void theSpatialIndexPicksTheSameDroneAsTheOriginalsLinearScan() {
    Random rnd = new Random(42);
    for (int round = 0; round < 20; round++) {
      List<DroneView> fleet = randomFleet(rnd, 50 + rnd.nextInt(400));
      FleetIndex index = new FleetIndex();
      fleet.forEach(index::update);
      LinearScan linear = new LinearScan(fleet);
      DispatchConfig cfg =
          CONFIG.with(Map.of("MAX_PICKUP_KM", Integer.toString(2 + rnd.nextInt(25))));
      DronePicker picker = new DronePicker(cfg, Picks.ZONES);
      for (int i = 0; i < 50; i++) {
        DeliveryRequested d = randomDelivery(rnd, i);
        PickResult byIndex = picker.pick(d, index, Exclusions.NONE);
        PickResult byScan = picker.pick(d, linear, Exclusions.NONE);
        assertThat(byIndex.chosen().map(c -> c.drone().id()))
            .as("round %d delivery %d", round, i)
            .isEqualTo(byScan.chosen().map(c -> c.drone().id()));
      }
    }
  }

  @Test
  void theIndexLooksAtFewerDronesThanTheFleet() {
    Random rnd = new Random(7);
    List<DroneView> fleet = randomFleet(rnd, 3000);
    FleetIndex index = new FleetIndex();
    fleet.forEach(index::update);
    DronePicker picker = new DronePicker(CONFIG, Picks.ZONES);
    PickResult r =
        picker.pick(
            new DeliveryRequested(
                "d", Picks.ORIGIN, Picks.DEST, 1, WeightClass.LIGHT, null, null, Instant.EPOCH),
            index,
            Exclusions.NONE);
    assertThat(r.chosen()).isPresent();
    assertThat(r.considered()).isLessThan(100);
    assertThat(r.decision().candidatesConsidered()).isEqualTo(r.considered());
  }

  @Test
  void rejectionsAreCountedPerReasonAndNoCandidateMeansNoChoice() {
    List<DroneView> fleet =
        List.of(
            new DroneView(
                "drone-1",
                WeightClass.LIGHT,
                DroneStatus.IDLE,
                Picks.ORIGIN,
                10,
                50,
                null,
                false,
                null,
                Instant.EPOCH,
                null),
            new DroneView(
                "drone-2",
                WeightClass.LIGHT,
                DroneStatus.BUSY,
                Picks.ORIGIN,
                90,
                50,
                "x",
                false,
                null,
                Instant.EPOCH,
                null),
            new DroneView(
                "drone-3",
                WeightClass.HEAVY,
                DroneStatus.IDLE,
                Picks.ORIGIN,
                90,
                50,
                null,
                false,
                null,
                Instant.EPOCH,
                null));
    PickResult r =
        new DronePicker(CONFIG, Picks.ZONES)
            .pick(
                Picks.delivery(Picks.ORIGIN, Picks.DEST, WeightClass.LIGHT),
                new LinearScan(fleet),
                Exclusions.NONE);
    assertThat(r.chosen()).isEmpty();
    assertThat(r.rejected(Rejection.BATTERY_CRITICAL)).isEqualTo(1);
    assertThat(r.rejected(Rejection.NOT_IDLE)).isEqualTo(1);
    assertThat(r.rejected(Rejection.WRONG_CLASS)).isEqualTo(1);
    assertThat(r.batteryCritical()).extracting(DroneView::id).containsExactly("drone-1");
    assertThat(r.decision().chosen()).isNull();
    assertThat(r.decision().rejections())
        .isEqualTo(Map.of("battery_critical", 1, "not_idle", 1, "wrong_class", 1));
  }
}
