package dev.dronedispatch.dispatch.fleet;

import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.kv.KvKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The logical autoscaler per weight class. The drones serving a delivery stay needed until it is
 * delivered, so the backlog asks for drones on top of them: total = max(BASE_ACTIVE,
 * min(DRONE_POOL_MAX, serving + ceil(backlog × SCALE_RATIO))). With no backlog each class gets
 * BASE_ACTIVE div 3 (the remainder to light, then medium), or its serving drones if more; otherwise
 * a class gets its serving drones plus its share of the rest of the total, rounded half-to-even
 * ({@link Math#rint}). (The original counted the backlog alone, so a busy fleet with a steady
 * backlog looked over target: drones stayed inactive while deliveries waited minutes.)
 *
 * <p>A backlog never starves: a class with pending deliveries never rounds down to no drone at all,
 * and a class whose oldest pending delivery has waited longer than AUTOSCALE_STALL_SEC gets one
 * more drone per period waited ({@link #boostStalled}), since its active drones may all be above
 * CRITICAL_BATTERY yet too low for the trip while charged drones stay inactive.
 *
 * <p>The fleet follows the targets as fast as the work arrives, without thrashing: one round
 * activates up to AUTOSCALE_MAX_PER_ROUND drones, shared among the classes by their shortfall, and
 * of each class it wakes the inactive drones nearest to where its deliveries wait; it retires only
 * the classes the caller says have stayed over target long enough ({@link RetireHysteresis}). Pure.
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
  private final int maxPerRound;

  /** {@code stallAfter} of zero turns the stall boost off. */
  public Autoscaler(
      int baseActive, int poolMax, double scaleRatio, Duration stallAfter, int maxPerRound) {
    this.baseActive = baseActive;
    this.poolMax = poolMax;
    this.scaleRatio = scaleRatio;
    this.stallAfter = stallAfter;
    this.maxPerRound = maxPerRound;
  }

  /**
   * The targets for {@code pendingPerClass} waiting deliveries, with {@code servingPerClass} drones
   * already carrying one (a class absent from either map has none).
   */
  public Targets targets(
      Map<WeightClass, Integer> pendingPerClass, Map<WeightClass, Integer> servingPerClass) {
    int backlog = pendingPerClass.values().stream().mapToInt(Integer::intValue).sum();
    int serving = servingPerClass.values().stream().mapToInt(Integer::intValue).sum();
    int wanted = serving + (int) Math.ceil(backlog * scaleRatio);
    int total = Math.max(baseActive, Math.min(poolMax, wanted));
    Map<WeightClass, Integer> per = new EnumMap<>(WeightClass.class);
    if (backlog == 0) {
      int each = baseActive / 3;
      int rest = baseActive - each * 3;
      per.put(WeightClass.LIGHT, each + (rest >= 1 ? 1 : 0));
      per.put(WeightClass.MEDIUM, each + (rest >= 2 ? 1 : 0));
      per.put(WeightClass.HEAVY, each);
      servingPerClass.forEach((c, n) -> per.merge(c, n, Math::max));
    } else {
      int forBacklog = Math.max(0, total - serving);
      for (WeightClass c : WeightClass.values()) {
        int pending = pendingPerClass.getOrDefault(c, 0);
        int share = (int) Math.rint((double) pending / backlog * forBacklog);
        per.put(c, servingPerClass.getOrDefault(c, 0) + (pending > 0 ? Math.max(1, share) : 0));
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

  /** The classes with more active drones than their target. */
  public Set<WeightClass> overTarget(Targets targets, Collection<DroneView> fleet) {
    Set<WeightClass> over = EnumSet.noneOf(WeightClass.class);
    for (WeightClass c : WeightClass.values()) {
      if (active(fleet, c) > targets.of(c)) {
        over.add(c);
      }
    }
    return over;
  }

  /**
   * The transitions of one round: activations toward the targets (at most AUTOSCALE_MAX_PER_ROUND,
   * nearest to {@code demand} first: where each class's deliveries wait), and retirements of the
   * classes in {@code mayRetire} down to their targets (within the same bound).
   */
  public Plan plan(
      Targets targets,
      Collection<DroneView> fleet,
      Map<WeightClass, List<GeoPoint>> demand,
      Set<WeightClass> mayRetire) {
    Map<WeightClass, Integer> shortfall = new EnumMap<>(WeightClass.class);
    for (WeightClass c : WeightClass.values()) {
      shortfall.put(c, Math.max(0, targets.of(c) - active(fleet, c)));
    }
    int totalShortfall = shortfall.values().stream().mapToInt(Integer::intValue).sum();
    int budget = maxPerRound;
    List<FleetTransition> activate = new ArrayList<>();
    List<FleetTransition> retire = new ArrayList<>();
    for (WeightClass c : WeightClass.values()) {
      int want = shortfall.get(c);
      if (want > 0) {
        int share = (int) Math.ceil((double) want * maxPerRound / totalShortfall);
        int n = Math.min(Math.min(want, share), budget);
        DemandSites where = DemandSites.of(demand.getOrDefault(c, List.of()));
        nearestFirst(ofClass(fleet, c).filter(d -> d.status() == DroneStatus.INACTIVE), where, n)
            .forEach(
                d ->
                    activate.add(
                        new FleetTransition(
                            d.id(),
                            DroneStatus.INACTIVE,
                            DroneStatus.IDLE,
                            FleetTransition.AUTOSCALE_ACTIVATE)));
        budget -= n;
      }
    }
    for (WeightClass c : WeightClass.values()) {
      int excess = active(fleet, c) - targets.of(c);
      if (excess <= 0 || !mayRetire.contains(c) || budget <= 0) {
        continue;
      }
      List<DroneView> pool = new ArrayList<>();
      ofClass(fleet, c)
          .filter(d -> d.status() == DroneStatus.CHARGING && d.currentDelivery() == null)
          .sorted(INDEX_ORDER)
          .forEach(pool::add);
      ofClass(fleet, c).filter(DroneView::isIdleAndFree).sorted(INDEX_ORDER).forEach(pool::add);
      int n = Math.min(excess, budget);
      pool.stream()
          .limit(n)
          .forEach(
              d ->
                  retire.add(
                      new FleetTransition(
                          d.id(),
                          d.status(),
                          DroneStatus.RETIRING,
                          FleetTransition.AUTOSCALE_RETIRE)));
      budget -= Math.min(n, pool.size());
    }
    return new Plan(activate, retire);
  }

  private static Stream<DroneView> ofClass(Collection<DroneView> fleet, WeightClass c) {
    return fleet.stream().filter(d -> d.type() == c);
  }

  private static int active(Collection<DroneView> fleet, WeightClass c) {
    return (int) ofClass(fleet, c).filter(d -> d.status().isActive()).count();
  }

  /**
   * The {@code n} drones nearest to {@code sites}, in index order among equals; each drone's
   * distance is computed once, not at every comparison of the sort.
   */
  private static List<DroneView> nearestFirst(Stream<DroneView> drones, DemandSites sites, int n) {
    record Ranked(DroneView drone, double distance) {}
    return drones
        .map(d -> new Ranked(d, sites.nearestSquared(d.pos())))
        .sorted(
            Comparator.comparingDouble(Ranked::distance).thenComparing(Ranked::drone, INDEX_ORDER))
        .limit(n)
        .map(Ranked::drone)
        .toList();
  }
}
