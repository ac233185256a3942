package dev.dronedispatch.dispatch.fleet;

import dev.dronedispatch.model.geo.WeightClass;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Retire a class's drones only after it has stayed over its target for AUTOSCALE_RETIRE_AFTER_SEC:
 * a backlog that dips for a round and comes back must not send drones off to retire and then wake
 * others. Remembers since when each class has been over target; forgets it as soon as it is not.
 */
public final class RetireHysteresis {

  private final Duration after;
  private final Map<WeightClass, Instant> overSince = new EnumMap<>(WeightClass.class);

  public RetireHysteresis(Duration after) {
    this.after = after;
  }

  /** Of the classes over target now, those that have been so for long enough. */
  public Set<WeightClass> mayRetire(Set<WeightClass> overTarget, Instant now) {
    overSince.keySet().retainAll(overTarget);
    Set<WeightClass> out = EnumSet.noneOf(WeightClass.class);
    for (WeightClass c : overTarget) {
      Instant since = overSince.computeIfAbsent(c, k -> now);
      if (!now.isBefore(since.plus(after))) {
        out.add(c);
      }
    }
    return out;
  }
}
