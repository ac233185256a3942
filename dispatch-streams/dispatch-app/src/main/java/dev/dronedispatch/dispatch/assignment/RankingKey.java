package dev.dronedispatch.dispatch.assignment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** A configurable ranking key (RANKING), named as in the explanation's rank keys. */
public enum RankingKey {
  DISTANCE_BUCKET("distance_bucket"),
  ZONE("zone"),
  BATTERY("battery"),
  SPEED("speed");

  /** The original's order (original-behaviour.md §9.3 step 8). */
  public static final String ORIGINAL_ORDER = "distance_bucket,zone,battery,speed";

  private final String wireName;

  RankingKey(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public Comparator<Candidate> comparator() {
    switch (this) {
      case DISTANCE_BUCKET:
        return CandidateComparators.BY_DISTANCE_BUCKET;
      case ZONE:
        return CandidateComparators.BY_ZONE_PROXIMITY;
      case BATTERY:
        return CandidateComparators.BY_BATTERY_ASCENDING;
      case SPEED:
        return CandidateComparators.BY_SPEED_DESCENDING;
      default:
        throw new IllegalStateException("unknown ranking key " + this);
    }
  }

  public static RankingKey parse(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (RankingKey k : values()) {
      if (k.wireName.equals(n)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown ranking key: " + name);
  }

  public static List<RankingKey> parseList(String csv) {
    List<RankingKey> keys = new ArrayList<>();
    for (String part : csv.split(",")) {
      if (!part.isBlank()) {
        RankingKey k = parse(part);
        if (keys.contains(k)) {
          throw new IllegalArgumentException("ranking key listed twice: " + part);
        }
        keys.add(k);
      }
    }
    return keys;
  }
}
