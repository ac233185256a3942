package dev.dronedispatch.dispatch.assignment;

import dev.dronedispatch.model.kv.KvKeys;
import java.util.Comparator;
import java.util.List;

/**
 * The ranking keys as comparators, each ascending "better first". The original's order is distance
 * bucket, zone proximity, lower battery, higher speed; ties fall back to the drone's number (the
 * original's index order).
 */
public final class CandidateComparators {

  public static final Comparator<Candidate> BY_DISTANCE_BUCKET =
      Comparator.comparingLong(Candidate::distanceBucket);

  public static final Comparator<Candidate> BY_ZONE_PROXIMITY =
      Comparator.comparingInt(Candidate::zoneRank);

  /** Lower battery first: the original keeps the fuller drones for later. */
  public static final Comparator<Candidate> BY_BATTERY_ASCENDING =
      Comparator.comparingDouble(c -> c.drone().battery());

  public static final Comparator<Candidate> BY_SPEED_DESCENDING =
      Comparator.comparingDouble((Candidate c) -> c.drone().speedKmh()).reversed();

  public static final Comparator<Candidate> BY_INDEX_ORDER =
      Comparator.comparingInt((Candidate c) -> KvKeys.droneNumber(c.drone().id()))
          .thenComparing(c -> c.drone().id());

  private CandidateComparators() {}

  /** The keys in order, then the index-order tie-break. */
  public static Comparator<Candidate> compose(List<RankingKey> keys) {
    Comparator<Candidate> c = null;
    for (RankingKey k : keys) {
      c = c == null ? k.comparator() : c.thenComparing(k.comparator());
    }
    return c == null ? BY_INDEX_ORDER : c.thenComparing(BY_INDEX_ORDER);
  }
}
