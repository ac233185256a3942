package dev.dronedispatch.dispatch.commit;

import java.util.List;
import java.util.Map;

/**
 * What a commit round decided.
 *
 * @param paired one result per pair, in the pairs' order
 * @param checked the deliveries only checked that are settled (missing, not a valid document, or
 *     past pending), by id; one absent is pending, or was not served
 */
public record RoundOutcome(List<CommitResult> paired, Map<String, CommitResult> checked) {

  public RoundOutcome {
    paired = List.copyOf(paired);
    checked = Map.copyOf(checked);
  }
}
