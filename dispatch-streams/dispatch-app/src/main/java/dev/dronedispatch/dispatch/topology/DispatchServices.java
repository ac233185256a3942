package dev.dronedispatch.dispatch.topology;

import dev.dronedispatch.dispatch.assignment.DronePicker;
import dev.dronedispatch.dispatch.backlog.BacklogBoard;
import dev.dronedispatch.dispatch.backlog.OlderClaims;
import dev.dronedispatch.dispatch.commit.AssignmentCommitter;
import dev.dronedispatch.dispatch.commit.BlockingKv;
import dev.dronedispatch.dispatch.commit.FleetCommands;
import dev.dronedispatch.dispatch.commit.KnownDrones;
import dev.dronedispatch.dispatch.config.DispatchConfig;
import dev.dronedispatch.dispatch.documents.SkippedDocuments;
import dev.dronedispatch.dispatch.fleet.FleetView;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.model.zones.ZonesConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * What one topology instance shares between its processors: the fleet view and the backlog board
 * fed by its global stores, the fairness rule, the KV commands, the picker and the meters.
 */
public record DispatchServices(
    DispatchConfig config,
    FleetView fleet,
    BacklogBoard backlogBoard,
    OlderClaims olderClaims,
    DronePicker picker,
    AssignmentCommitter committer,
    FleetCommands fleetCommands,
    DispatchMetrics metrics,
    BatchCadence cadence,
    Clock clock) {

  public static DispatchServices create(
      DispatchConfig config, ZonesConfig zones, KvClient kvClient, MeterRegistry registry) {
    return create(config, zones, kvClient, registry, Clock.systemUTC());
  }

  /** {@code clock} stamps every decision (documents, events, overlays); tests pass their own. */
  public static DispatchServices create(
      DispatchConfig config,
      ZonesConfig zones,
      KvClient kvClient,
      MeterRegistry registry,
      Clock clock) {
    KnownDrones known = new KnownDrones(kvClient);
    BlockingKv kv = new BlockingKv(known, config.kvTimeout(), new SkippedDocuments(registry));
    AssignmentCommitter committer = new AssignmentCommitter(kv, known, clock);
    DispatchMetrics metrics = new DispatchMetrics(registry);
    metrics.follow(committer);
    return new DispatchServices(
        config,
        new FleetView(config.overlayTtl(), config.droneLostAfter()),
        new BacklogBoard(config.backlogStaleAfter()),
        new OlderClaims(config.fairnessSlack()),
        new DronePicker(config, zones),
        committer,
        new FleetCommands(kv),
        metrics,
        new BatchCadence(config.newArrivalsBatch(), BatchCadence.LONGEST),
        clock);
  }
}
