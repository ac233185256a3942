package dev.dronedispatch.dispatch.assignment;

import dev.dronedispatch.dispatch.config.DispatchConfig;
import dev.dronedispatch.dispatch.fleet.DroneView;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.events.AssignmentDecision;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.zones.ZonesConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * pick_drone (original-behaviour.md §9.3) as pure policy: filters in order, each rejection counted
 * by reason, survivors ranked by the configured keys. With distance bucket as the first key the
 * scan stops at the first ring whose nearest possible drone falls in a worse bucket than the best
 * so far.
 */
public final class DronePicker {

  private final List<CandidateFilter> filters;
  private final List<RankingKey> rankingKeys;
  private final Comparator<Candidate> ranking;
  private final boolean distanceFirst;
  private final double nearEpsKm;
  private final double maxPickupKm;
  private final boolean allowLargerClass;
  private final ZonesConfig zones;

  public DronePicker(DispatchConfig config, ZonesConfig zones) {
    this.filters =
        List.of(
            new IsIdleAndFree(),
            new IsOfCarrierClass(),
            new IsNotExcluded(),
            new IsAboveCriticalBattery(config.criticalBattery()),
            new IsEnergyFeasible(new EnergyModel(config.batteryPerKm(), config.safetyMarginPct())),
            new IsWithinPickupRange(config.maxPickupKm()));
    this.rankingKeys = List.copyOf(config.ranking());
    this.ranking = CandidateComparators.compose(rankingKeys);
    this.distanceFirst =
        !config.ranking().isEmpty() && config.ranking().get(0) == RankingKey.DISTANCE_BUCKET;
    this.nearEpsKm = config.nearEpsKm();
    this.maxPickupKm = config.maxPickupKm();
    this.allowLargerClass = config.allowLargerClass();
    this.zones = zones;
  }

  public ZonesConfig zones() {
    return zones;
  }

  public PickResult pick(DeliveryRequested delivery, CandidateSource source, Exclusions excluded) {
    PickContext base = PickContext.of(delivery, zones, excluded);
    Scan scan = new Scan();
    scan.run(base, source);
    if (scan.best == null && allowLargerClass) {
      for (WeightClass larger : WeightClass.values()) {
        if (larger.ordinal() > base.packageClass().ordinal()) {
          scan.run(base.forCarrier(larger), source);
          if (scan.best != null) {
            break;
          }
        }
      }
    }
    Optional<Candidate> best = Optional.ofNullable(scan.best);
    return new PickResult(
        best,
        scan.runnersUp(),
        rankingKeys,
        // the none path only: how many drones of the class could have been picked anywhere
        best.isPresent() ? -1 : source.idle(base.packageClass()),
        scan.considered,
        scan.rejections,
        scan.batteryCritical,
        scan.infeasible,
        scan.feasible);
  }

  /** The mutable state of one pick. */
  private final class Scan {
    Candidate best;

    /** The best candidates after {@link #best}, best first; no allocation beyond the array. */
    final Candidate[] next = new Candidate[AssignmentDecision.RUNNERS_UP];

    int considered;
    final Map<Rejection, Integer> rejections = new EnumMap<>(Rejection.class);
    final List<DroneView> batteryCritical = new ArrayList<>();
    final List<DroneView> infeasible = new ArrayList<>();
    final List<DroneView> feasible = new ArrayList<>();

    void run(PickContext ctx, CandidateSource source) {
      source.scan(
          ctx.carrierClass(),
          ctx.origin(),
          maxPickupKm,
          (minKm, drones) -> {
            if (best != null
                && distanceFirst
                && Math.floor(minKm / nearEpsKm) > best.distanceBucket()) {
              return false;
            }
            for (DroneView d : drones) {
              visit(d, ctx);
            }
            return true;
          });
    }

    private void visit(DroneView d, PickContext ctx) {
      considered++;
      for (CandidateFilter f : filters) {
        Optional<Rejection> r = f.reject(d, ctx);
        if (r.isPresent()) {
          rejections.merge(r.get(), 1, Integer::sum);
          if (r.get() == Rejection.BATTERY_CRITICAL) {
            batteryCritical.add(d);
          } else if (r.get() == Rejection.ENERGY_INFEASIBLE) {
            infeasible.add(d);
          }
          return;
        }
      }
      feasible.add(d);
      Candidate c = Candidate.of(d, ctx, nearEpsKm);
      if (best == null || ranking.compare(c, best) < 0) {
        Candidate previous = best;
        best = c;
        if (previous != null) {
          keep(previous);
        }
      } else {
        keep(c);
      }
    }

    /** Inserts {@code c} among the runners-up if it ranks among them. */
    private void keep(Candidate c) {
      int i = next.length;
      while (i > 0 && (next[i - 1] == null || ranking.compare(c, next[i - 1]) < 0)) {
        i--;
      }
      if (i == next.length) {
        return;
      }
      System.arraycopy(next, i, next, i + 1, next.length - i - 1);
      next[i] = c;
    }

    List<Candidate> runnersUp() {
      List<Candidate> out = new ArrayList<>(next.length);
      for (Candidate c : next) {
        if (c != null) {
          out.add(c);
        }
      }
      return out;
    }
  }
}
