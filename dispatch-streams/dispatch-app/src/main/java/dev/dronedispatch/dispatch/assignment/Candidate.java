package dev.dronedispatch.dispatch.assignment;

import dev.dronedispatch.dispatch.fleet.DroneView;
import dev.dronedispatch.model.events.AssignmentDecision;

/** A drone that passed every filter, with its rank keys (original-behaviour.md §9.3 step 7). */
public record Candidate(DroneView drone, double distanceKm, long distanceBucket, int zoneRank) {

  public static Candidate of(DroneView drone, PickContext ctx, double nearEpsKm) {
    double km = ctx.distanceToOriginKm(drone);
    long bucket = (long) Math.floor(km / nearEpsKm);
    int zoneRank =
        ctx.zones().proximity(ctx.zones().zoneNameOf(drone.pos()), ctx.originZone()).rank();
    return new Candidate(drone, km, bucket, zoneRank);
  }

  public AssignmentDecision.RankKeys rankKeys() {
    return new AssignmentDecision.RankKeys(
        drone.id(), distanceKm, distanceBucket, zoneRank, drone.battery(), drone.speedKmh(), null);
  }
}
