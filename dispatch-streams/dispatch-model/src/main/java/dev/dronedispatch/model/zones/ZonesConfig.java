package dev.dronedispatch.model.zones;

import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.Haversine;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The service area: a grid of zones over a rectangle. Stored under the KV key {@code zones_config};
 * deterministic for given grid dimensions.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ZonesConfig(
    Bounds bounds, int rows, int cols, List<Zone> zones, Map<String, List<String>> adjacency) {

  public ZonesConfig {
    zones = List.copyOf(zones);
    adjacency = Map.copyOf(adjacency);
  }

  /** The first zone (in row-major order) whose inclusive bounds contain the point. */
  public Optional<Zone> zoneOf(GeoPoint p) {
    for (Zone z : zones) {
      if (z.bounds().contains(p)) {
        return Optional.of(z);
      }
    }
    return Optional.empty();
  }

  public Optional<String> zoneNameOf(GeoPoint p) {
    return zoneOf(p).map(Zone::name);
  }

  public Optional<Zone> zone(String name) {
    return zones.stream().filter(z -> z.name().equals(name)).findFirst();
  }

  /** The charge point nearest to {@code p} by great-circle distance. */
  public GeoPoint nearestCharger(GeoPoint p) {
    GeoPoint best = null;
    double bestKm = Double.POSITIVE_INFINITY;
    for (Zone z : zones) {
      double km = Haversine.distanceKm(p, z.charge());
      if (km < bestKm) {
        bestKm = km;
        best = z.charge();
      }
    }
    if (best == null) {
      throw new IllegalStateException("zones config has no zones");
    }
    return best;
  }

  /**
   * Same zone, a 4-neighbour of it, or elsewhere (also when either zone is unknown), as the
   * original ranked candidates.
   */
  public ProximityRank proximity(Optional<String> droneZone, Optional<String> originZone) {
    if (droneZone.isEmpty() || originZone.isEmpty()) {
      return ProximityRank.ELSEWHERE;
    }
    if (droneZone.get().equals(originZone.get())) {
      return ProximityRank.SAME_ZONE;
    }
    List<String> neighbors = adjacency.getOrDefault(originZone.get(), List.of());
    return neighbors.contains(droneZone.get())
        ? ProximityRank.NEIGHBOR_ZONE
        : ProximityRank.ELSEWHERE;
  }
}
