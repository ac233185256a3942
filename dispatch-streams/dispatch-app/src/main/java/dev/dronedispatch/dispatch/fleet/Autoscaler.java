package dev.dronedispatch.dispatch.fleet;

import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.kv.KvKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The logical autoscaler per weight class (seed-behaviour §9.9). Targets: total = max(BASE_ACTIVE,
 * min(DRONE_POOL_MAX, ceil(backlog × SCALE_RATIO))); with no backlog each class gets BASE_ACTIVE
 * div 3 and the remainder goes to light, then medium; otherwise a class gets its share of the total
 * rounded half-to-even, as Python's {@code round} did ({@link Math#rint}).
 *
 * <p>Two refinements keep a backlog from starving (§17.18): a class with pending deliveries never
 * rounds down to no drone at all, and a class whose oldest pending delivery has waited longer than
 * AUTOSCALE_STALL_SEC gets one more drone per period waited ({@link #boostStalled}). Without the
 * latter a small backlog can wait forever on active drones whose battery is above CRITICAL_BATTERY
 * yet too low for the trip, while charged drones stay inactive.
 */
public final class Autoscaler {

  /** Per-class targets and the total they were derived from. */
  public record Targets(Map<WeightClass, Integer> perClass, int total) {

    public Targets {
      perClass = Map.copyOf(perClass);
    }

    public int of(WeightClass c) {
      return perClass.getOrDefault(c, 0);
    }
  }

  /** The transitions one autoscale pass wants, per class in light, medium, heavy order. */
  public record Plan(List<FleetTransition> activations, List<FleetTransition> retirements) {

    public Plan {
      activations = List.copyOf(activations);
      retirements = List.copyOf(retirements);
    }
  }

  private static final Comparator<DroneView> INDEX_ORDER =
      Comparator.comparingInt((DroneView d) -> KvKeys.droneNumber(d.id()))
          .thenComparing(DroneView::id);

  private final int baseActive;
  private final int poolMax;
  private final double scaleRatio;
  private final Duration stallAfter;

  /** {@code stallAfter} of zero turns the stall boost off. */
  public Autoscaler(int baseActive, int poolMax, double scaleRatio, Duration stallAfter) {
    this.baseActive = baseActive;
    this.poolMax = poolMax;
    this.scaleRatio = scaleRatio;
    this.stallAfter = stallAfter;
  }

  public Targets targets(Map<WeightClass, Integer> pendingPerClass) {
    int backlog = pendingPerClass.values().stream().mapToInt(Integer::intValue).sum();
    int total = Math.max(baseActive, Math.min(poolMax, (int) Math.ceil(backlog * scaleRatio)));
    Map<WeightClass, Integer> per = new EnumMap<>(WeightClass.class);
    if (backlog == 0) {
      int each = baseActive / 3;
      int rest = baseActive - each * 3;
      per.put(WeightClass.LIGHT, each + (rest >= 1 ? 1 : 0));
      per.put(WeightClass.MEDIUM, each + (rest >= 2 ? 1 : 0));
      per.put(WeightClass.HEAVY, each);
    } else {
      for (WeightClass c : WeightClass.values()) {
        int pending = pendingPerClass.getOrDefault(c, 0);
        int share = (int) Math.rint((double) pending / backlog * total);
        per.put(c, pending > 0 ? Math.max(1, share) : 0);
      }
    }
    return new Targets(per, total);
  }

  /**
   * Adds one drone to a class's target per AUTOSCALE_STALL_SEC its oldest pending delivery has
   * waited, up to DRONE_POOL_MAX.
   */
  public Targets boostStalled(
      Targets targets, Map<WeightClass, Instant> oldestPending, Instant now) {
    if (stallAfter.isZero() || oldestPending.isEmpty()) {
      return targets;
    }
    Map<WeightClass, Integer> per = new EnumMap<>(targets.perClass());
    oldestPending.forEach(
        (c, since) -> {
          long periods = Duration.between(since, now).toMillis() / stallAfter.toMillis();
          if (periods > 0) {
            per.put(c, (int) Math.min(poolMax, targets.of(c) + periods));
          }
        });
    return new Targets(per, targets.total());
  }

  public Plan plan(Targets targets, Collection<DroneView> fleet) {
    List<FleetTransition> activate = new ArrayList<>();
    List<FleetTransition> retire = new ArrayList<>();
    for (WeightClass c : WeightClass.values()) {
      List<DroneView> ofClass =
          fleet.stream().filter(d -> d.type() == c).sorted(INDEX_ORDER).toList();
      int active = (int) ofClass.stream().filter(d -> d.status().isActive()).count();
      int target = targets.of(c);
      if (active < target) {
        ofClass.stream()
            .filter(d -> d.status() == DroneStatus.INACTIVE)
            .limit(target - active)
            .forEach(
                d ->
                    activate.add(
                        new FleetTransition(
                            d.id(),
                            DroneStatus.INACTIVE,
                            DroneStatus.IDLE,
                            FleetTransition.AUTOSCALE_ACTIVATE)));
      } else if (active > target) {
        List<DroneView> pool = new ArrayList<>();
        ofClass.stream()
            .filter(d -> d.status() == DroneStatus.CHARGING && d.currentDelivery() == null)
            .forEach(pool::add);
        ofClass.stream().filter(DroneView::isIdleAndFree).forEach(pool::add);
        pool.stream()
            .limit(active - target)
            .forEach(
                d ->
                    retire.add(
                        new FleetTransition(
                            d.id(),
                            d.status(),
                            DroneStatus.RETIRING,
                            FleetTransition.AUTOSCALE_RETIRE)));
      }
    }
    return new Plan(activate, retire);
  }
}
