package dev.dronedispatch.ops.rerun;

import java.time.Instant;

/**
 * A delivery the rerun decided otherwise than the recording: another drone, or a drone where the
 * recording has none (or the other way round; {@code null} then). {@code rerunWhy} says why the
 * rerun left it waiting, when it did.
 */
public record Difference(
    String deliveryId,
    Instant requestedAt,
    String recordedDrone,
    String rerunDrone,
    String rerunWhy) {

  public String render() {
    return String.format(
        "difference %s requested %s: recorded %s, rerun %s",
        deliveryId,
        requestedAt,
        recordedDrone == null ? "no drone" : recordedDrone,
        rerunDrone == null
            ? "no drone" + (rerunWhy == null ? "" : " (" + rerunWhy + ")")
            : rerunDrone);
  }
}
