package dev.dronedispatch.checking.history;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Failed deliveries counted by the reason their {@code failed} event gives, in reason order. */
public record FailureCounts(SortedMap<String, Integer> byReason) {

  public FailureCounts {
    byReason = Collections.unmodifiableSortedMap(new TreeMap<>(byReason));
  }

  /** One failed delivery per element of {@code reasons}, its reason. */
  public static FailureCounts of(Collection<String> reasons) {
    SortedMap<String, Integer> byReason = new TreeMap<>();
    reasons.forEach(r -> byReason.merge(r, 1, Integer::sum));
    return new FailureCounts(byReason);
  }

  public int total() {
    return byReason.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** The total, then each reason's count: {@code 3 (drone_lost 2, no_drone 1)}, or {@code 0}. */
  public String describe() {
    if (byReason.isEmpty()) {
      return "0";
    }
    return byReason.entrySet().stream()
        .map(r -> r.getKey() + " " + r.getValue())
        .collect(Collectors.joining(", ", total() + " (", ")"));
  }
}
