package dev.dronedispatch.dispatch.bench;

import dev.dronedispatch.dispatch.assignment.Exclusions;
import dev.dronedispatch.dispatch.assignment.DronePicker;
import dev.dronedispatch.dispatch.assignment.LinearScan;
import dev.dronedispatch.dispatch.assignment.PickResult;
import dev.dronedispatch.dispatch.config.DispatchConfig;
import dev.dronedispatch.dispatch.fleet.DroneView;
import dev.dronedispatch.dispatch.index.FleetIndex;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.zones.ZoneGrid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One pick (filters, feasibility, ranking) over a fleet spread uniformly over the Rome service
 * area, three classes, 80 % idle: with the per-class spatial index against the original's linear
 * scan of the fleet. The picker and its result are the production ones.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PickBenchmark {

  @Param({"1000", "10000"})
  int drones;

  /** Grid cell size of the spatial index, in degrees. */
  @Param({"0.005", "0.01"})
  double cellDeg;

  private DronePicker picker;
  private FleetIndex index;
  private LinearScan linear;
  private DeliveryRequested[] deliveries;
  private int next;

  @Setup
  public void setUp() {
    Random rnd = new Random(1);
    List<DroneView> fleet = new ArrayList<>(drones);
    for (int i = 1; i <= drones; i++) {
      DroneStatus status = rnd.nextInt(5) == 0 ? DroneStatus.BUSY : DroneStatus.IDLE;
      fleet.add(
          new DroneView(
              "drone-" + i,
              WeightClass.values()[rnd.nextInt(3)],
              status,
              randomPoint(rnd),
              35 + rnd.nextInt(66),
              30 + rnd.nextInt(4) * 10,
              status == DroneStatus.BUSY ? "x" + i : null,
              false,
              null,
              Instant.EPOCH, null));
    }
    index = new FleetIndex(cellDeg);
    fleet.forEach(index::update);
    linear = new LinearScan(fleet);
    picker = new DronePicker(DispatchConfig.defaults(), ZoneGrid.rome(2, 2));
    deliveries = new DeliveryRequested[1024];
    for (int i = 0; i < deliveries.length; i++) {
      deliveries[i] =
          new DeliveryRequested(
              "d" + i,
              randomPoint(rnd),
              randomPoint(rnd),
              1,
              WeightClass.values()[rnd.nextInt(3)],
              null,
              null,
              Instant.EPOCH);
    }
  }

  private static GeoPoint randomPoint(Random rnd) {
    return new GeoPoint(41.80 + rnd.nextDouble() * 0.18, 12.37 + rnd.nextDouble() * 0.23);
  }

  private DeliveryRequested nextDelivery() {
    next = (next + 1) & (deliveries.length - 1);
    return deliveries[next];
  }

  @Benchmark
  public PickResult pickWithSpatialIndex() {
    return picker.pick(nextDelivery(), index, Exclusions.NONE);
  }

  @Benchmark
  public PickResult pickWithLinearScan() {
    return picker.pick(nextDelivery(), linear, Exclusions.NONE);
  }
}
