package dev.dronedispatch.model.zones;

/** How close a drone's zone is to a delivery's origin zone; lower ranks first. */
public enum ProximityRank {
  SAME_ZONE,
  NEIGHBOR_ZONE,
  ELSEWHERE;

  public int rank() {
    return ordinal();
  }
}
