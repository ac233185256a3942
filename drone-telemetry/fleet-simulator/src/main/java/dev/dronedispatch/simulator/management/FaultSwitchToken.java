package dev.dronedispatch.simulator.management;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The bearer token the fault switch requires ({@code FAULT_SWITCH_TOKEN}): a request changes a
 * drone only with {@code Authorization: Bearer <token>}.
 */
public record FaultSwitchToken(String value) {

  public FaultSwitchToken {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("FAULT_SWITCH_TOKEN must not be blank");
    }
  }

  /** Whether a request with this {@code Authorization} header (null: none) may pass. */
  public boolean admits(String authorization) {
    // constant-time, so the answer's timing does not reveal how much of a guess was right
    return authorization != null
        && MessageDigest.isEqual(
            authorization.getBytes(StandardCharsets.UTF_8),
            ("Bearer " + value).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "FaultSwitchToken[<hidden>]";
  }
}
