package dev.dronedispatch.simulator.runtime;

import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.kv.KvKeys;
import dev.dronedispatch.simulator.config.SimulatorConfig;
import dev.dronedispatch.simulator.fleet.DroneState;
import dev.dronedispatch.simulator.fleet.FleetLayout;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Registers {@code drone-1..N}: a CAS from absent of a fresh inactive document; an existing
 * document is kept as it is (status, current delivery, type, battery, position), so a restart never
 * undoes the dispatcher's decisions nor changes a drone's class.
 */
final class FleetRegistrar {

  private final KvDocuments docs;
  private final SimulatorConfig config;
  private final FleetLayout layout;

  FleetRegistrar(KvDocuments docs, SimulatorConfig config, FleetLayout layout) {
    this.docs = docs;
    this.config = config;
    this.layout = layout;
  }

  Mono<List<Registration>> registerAll() {
    return Flux.range(1, config.poolMax())
        .flatMap(this::register, Math.max(1, config.kvConcurrency()))
        .collectSortedList(Comparator.comparingInt(r -> KvKeys.droneNumber(r.state().id())));
  }

  Mono<Registration> register(int index) {
    String id = FleetLayout.droneId(index);
    WeightClass type = layout.type(index);
    GeoPoint start = layout.startPosition(index);
    DroneDocument fresh = DroneDocument.registered(id, type, start, config.speedKmh(type));
    return docs.create(KvKeys.drone(id), fresh)
        .map(
            result -> {
              if (result instanceof CasResult.Conflict conflict && conflict.current().isPresent()) {
                DroneDocument existing = docs.decode(conflict.current().get(), DroneDocument.class);
                WeightClass kept = existing.type() == null ? type : existing.type();
                DroneState state =
                    new DroneState(
                        id,
                        kept,
                        config.speedKmh(kept),
                        existing.status() == null ? DroneStatus.INACTIVE : existing.status(),
                        existing.pos() == null ? start : existing.pos(),
                        existing.battery(),
                        existing.atCharge(),
                        Optional.empty());
                return new Registration(
                    state, Optional.ofNullable(existing.currentDelivery()), existing.pos() == null);
              }
              if (!result.ok()) {
                throw new IllegalStateException("cannot register " + id + ": " + result);
              }
              return new Registration(
                  DroneState.from(fresh, config.speedKmh(type), start), Optional.empty(), false);
            });
  }
}
