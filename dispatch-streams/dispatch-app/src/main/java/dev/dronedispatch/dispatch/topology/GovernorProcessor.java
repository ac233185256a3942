package dev.dronedispatch.dispatch.topology;

import dev.dronedispatch.dispatch.backlog.BacklogReport;
import dev.dronedispatch.dispatch.commit.FleetCommands;
import dev.dronedispatch.dispatch.config.DispatchConfig;
import dev.dronedispatch.dispatch.fleet.Autoscaler;
import dev.dronedispatch.dispatch.fleet.ChargingGovernor;
import dev.dronedispatch.dispatch.fleet.DroneSighting;
import dev.dronedispatch.dispatch.fleet.DroneView;
import dev.dronedispatch.dispatch.fleet.FleetTransition;
import dev.dronedispatch.dispatch.fleet.LivenessJudge;
import dev.dronedispatch.dispatch.fleet.RetireHysteresis;
import dev.dronedispatch.kv.client.KvUnavailableException;
import dev.dronedispatch.model.events.FleetEvent;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single fleet-governor task (its input topic has one partition, so exactly one instance runs
 * it at a time). Every ASSIGNER_TICK_MS: charging and retiring governance, liveness of the drones
 * without a delivery (silent ones lost, lost ones heard again found), reconcile of busy drones
 * whose delivery is missing, delivered or not theirs, and the per-class autoscaler fed by the
 * dispatch tasks' backlog reports. Its work is proportional to the fleet, never to deliveries.
 */
final class GovernorProcessor implements Processor<String, BacklogReport, String, Outbound> {

  private static final Logger log = LoggerFactory.getLogger("dispatcher");

  /** The statuses a drone without a delivery can be lost from. */
  private static final Set<DroneStatus> FREE_TO_LOSE =
      EnumSet.of(DroneStatus.IDLE, DroneStatus.CHARGING, DroneStatus.RETIRING);

  private final DispatchServices s;
  private final DispatchConfig cfg;
  private final ChargingGovernor governor;
  private final Autoscaler autoscaler;
  private final RetireHysteresis hysteresis;
  private final ChargeLog chargeLog;
  private final LivenessJudge liveness;
  private final Map<String, Instant> reconcileChecked = new HashMap<>();

  /** Silent drones the KV already shows lost: not written again until they are heard. */
  private final Set<String> knownLost = new HashSet<>();

  private ProcessorContext<String, Outbound> context;
  private KeyValueStore<String, BacklogReport> reports;
  private BatchCadence.Gate tickGate;

  GovernorProcessor(DispatchServices services) {
    this.s = services;
    this.cfg = services.config();
    this.governor = new ChargingGovernor(cfg.criticalBattery(), cfg.fullAfter());
    this.autoscaler =
        new Autoscaler(
            cfg.baseActive(),
            cfg.dronePoolMax(),
            cfg.scaleRatio(),
            cfg.autoscaleStall(),
            cfg.autoscaleMaxPerRound());
    this.hysteresis = new RetireHysteresis(cfg.autoscaleRetireAfter());
    this.chargeLog = new ChargeLog(cfg.debugCharge());
    this.liveness = new LivenessJudge(cfg.droneLostAfter());
  }

  @Override
  public void init(ProcessorContext<String, Outbound> context) {
    this.context = context;
    this.reports = context.getStateStore(DispatchTopology.BACKLOG_STORE);
    this.tickGate = s.cadence().gate();
    context.schedule(cfg.assignerTick(), PunctuationType.WALL_CLOCK_TIME, this::tick);
  }

  @Override
  public void process(Record<String, BacklogReport> record) {
    BacklogReport r = record.value();
    if (r != null) {
      reports.put(Integer.toString(r.partition()), r);
    }
  }

  private void tick(long wallMs) {
    if (!tickGate.open(wallMs)) {
      return; // this epoch's tick ran already
    }
    Instant now = Instant.now(s.clock());
    try {
      int transitions = govern(now);
      if (transitions > 0) {
        log.info("[dispatcher] charge/retire transitions={}", transitions);
      }
      liveness(now);
      reconcile(now);
      if (!cfg.autoscaleDisabled()) {
        autoscale(now);
      }
    } catch (KvUnavailableException e) {
      s.metrics().kvUnavailable("governor");
      log.warn("[dispatcher] KV unavailable, governance cut short: {}", e.getMessage());
    } finally {
      s.cadence().worked(Duration.between(now, Instant.now(s.clock())));
    }
  }

  private int govern(Instant now) {
    List<FleetTransition> wanted = new ArrayList<>();
    Map<String, Double> battery = new HashMap<>();
    for (DroneView d : s.fleet().all(now)) {
      governor
          .govern(d)
          .ifPresent(
              t -> {
                wanted.add(t);
                battery.put(d.id(), d.battery());
              });
    }
    List<FleetTransition> applied = applyAll(wanted, now);
    for (FleetTransition t : applied) {
      if (t.to() == DroneStatus.CHARGING) {
        chargeLog.line(
            "guard_idle:battery_critical", t.droneId(), "battery", battery.get(t.droneId()));
      }
    }
    return applied.size();
  }

  /**
   * A drone without a delivery that went silent is lost; a lost one heard again, moving or at a
   * charger, is found and idle. A busy drone is judged by the task tracking its delivery, which has
   * the delivery to hand back.
   */
  private void liveness(Instant now) {
    List<FleetTransition> wanted = new ArrayList<>();
    for (DroneView d : s.fleet().all(now)) {
      Optional<DroneSighting> seen = s.fleet().sighting(d.id());
      if (seen.isEmpty()) {
        continue;
      }
      if (d.status() == DroneStatus.LOST || knownLost.contains(d.id())) {
        if (liveness.found(seen.get(), d.atCharge())) {
          wanted.add(
              new FleetTransition(
                  d.id(), DroneStatus.LOST, DroneStatus.IDLE, FleetTransition.FOUND));
        }
      } else if (d.currentDelivery() == null && FREE_TO_LOSE.contains(d.status())) {
        liveness
            .lostWhileFree(seen.get())
            .ifPresent(
                why -> wanted.add(new FleetTransition(d.id(), d.status(), DroneStatus.LOST, why)));
      }
    }
    for (FleetTransition t : applyAll(wanted, now, this::learnLost)) {
      if (t.to() == DroneStatus.LOST) {
        knownLost.add(t.droneId());
        log.warn(
            "[dispatcher] {} lost ({}) while {}", t.droneId(), t.reason(), t.from().wireName());
      } else {
        knownLost.remove(t.droneId());
        log.info("[dispatcher] {} found again", t.droneId());
      }
    }
  }

  /** What the KV answered to a refused liveness transition: whether the drone is lost there. */
  private void learnLost(DroneDocument doc) {
    if (doc.status() == DroneStatus.LOST) {
      knownLost.add(doc.id());
    } else {
      knownLost.remove(doc.id());
    }
  }

  /**
   * Checks each busy drone at most every RECONCILE_INTERVAL_MS (not at its first sighting, to give
   * its assignment time to settle), all the drones due in one batched reconcile.
   */
  private void reconcile(Instant now) {
    Map<String, Instant> seen = new HashMap<>();
    List<String> due = new ArrayList<>();
    for (DroneView d : s.fleet().all(now)) {
      if (d.status() != DroneStatus.BUSY) {
        continue;
      }
      Instant last = reconcileChecked.get(d.id());
      if (last == null || now.isBefore(last.plus(cfg.reconcileInterval()))) {
        seen.put(d.id(), last == null ? now : last);
        continue;
      }
      seen.put(d.id(), now);
      due.add(d.id());
    }
    reconcileChecked.clear();
    reconcileChecked.putAll(seen);
    if (due.isEmpty()) {
      return;
    }
    s.fleetCommands()
        .reconcileAll(due)
        .forEach(
            (droneId, o) -> {
              if (o.freedBecause().isPresent()) {
                String why = o.freedBecause().get();
                log.warn("[dispatcher] {} freed: {}", droneId, why);
                s.fleet().onDecision(droneId, DroneStatus.IDLE, null, now);
                emit(new FleetTransition(droneId, DroneStatus.BUSY, DroneStatus.IDLE, why), now);
              } else {
                o.drone().ifPresent(doc -> learn(doc, now));
              }
            });
  }

  private void autoscale(Instant now) {
    Map<WeightClass, Integer> pending = new EnumMap<>(WeightClass.class);
    Map<WeightClass, Instant> oldest = new EnumMap<>(WeightClass.class);
    Map<WeightClass, List<GeoPoint>> demand = new EnumMap<>(WeightClass.class);
    try (KeyValueIterator<String, BacklogReport> it = reports.all()) {
      while (it.hasNext()) {
        BacklogReport r = it.next().value;
        r.pending().forEach((c, n) -> pending.merge(c, n, Integer::sum));
        r.oldest().forEach((c, t) -> oldest.merge(c, t, (a, b) -> a.isBefore(b) ? a : b));
        r.waiting()
            .forEach(
                w ->
                    demand
                        .computeIfAbsent(PendingQueue.classOf(w), c -> new ArrayList<>())
                        .add(w.origin()));
      }
    }
    List<DroneView> fleet = s.fleet().all(now);
    Map<WeightClass, Integer> serving = new EnumMap<>(WeightClass.class);
    fleet.stream()
        .filter(d -> d.currentDelivery() != null)
        .forEach(d -> serving.merge(d.type(), 1, Integer::sum));
    Autoscaler.Targets targets =
        autoscaler.boostStalled(
            autoscaler.targets(pending, serving), oldest, Instant.now(s.clock()));
    Autoscaler.Plan plan =
        autoscaler.plan(
            targets,
            fleet,
            demand,
            hysteresis.mayRetire(autoscaler.overTarget(targets, fleet), now));
    int activated = applyAll(plan.activations(), now).size();
    int retired = applyAll(plan.retirements(), now).size();
    if (activated > 0 || retired > 0) {
      log.info("[dispatcher][autoscale] activate {}; retire {}", activated, retired);
    }
  }

  /** Writes the transitions in a few batched round trips; answers those that were applied. */
  private List<FleetTransition> applyAll(List<FleetTransition> transitions, Instant now) {
    return applyAll(transitions, now, refused -> {});
  }

  /**
   * As above; {@code refused} also sees the document of each drone whose transition was refused.
   */
  private List<FleetTransition> applyAll(
      List<FleetTransition> transitions, Instant now, Consumer<DroneDocument> refused) {
    if (transitions.isEmpty()) {
      return List.of();
    }
    Instant at = Instant.now(s.clock()); // before the write: see DispatchOutput#fleetEvent
    List<FleetCommands.Outcome> outcomes = s.fleetCommands().applyAll(transitions);
    List<FleetTransition> applied = new ArrayList<>();
    for (int i = 0; i < transitions.size(); i++) {
      FleetTransition t = transitions.get(i);
      FleetCommands.Outcome o = outcomes.get(i);
      if (o.applied()) {
        s.fleet().onDecision(t.droneId(), t.to(), null, at);
        emit(t, at);
        applied.add(t);
      } else {
        o.current()
            .ifPresent(
                doc -> {
                  learn(doc, now);
                  refused.accept(doc);
                });
      }
    }
    return applied;
  }

  private void learn(DroneDocument doc, Instant now) {
    s.fleet().onDecision(doc.id(), doc.status(), doc.currentDelivery(), now);
  }

  private void emit(FleetTransition t, Instant now) {
    s.metrics().transition(t.reason());
    FleetEvent e = new FleetEvent(t.droneId(), t.from(), t.to(), t.reason(), now);
    context.forward(new Record<>(t.droneId(), new Outbound.Fleet(e), now.toEpochMilli()));
  }
}
