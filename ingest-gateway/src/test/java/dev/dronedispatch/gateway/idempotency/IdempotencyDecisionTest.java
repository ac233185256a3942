package dev.dronedispatch.gateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdempotencyDecisionTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final Duration TAKEOVER = Duration.ofSeconds(30);

  private static IdempotencyRecord bound(IdempotencyRecord.State state, Instant claimedAt) {
    return new IdempotencyRecord(
        "d-1", "fp", state, T0, claimedAt, T0.plus(Duration.ofHours(24)), "gw-a");
  }

  private static IdempotencyDecision decide(Optional<IdempotencyRecord> r, String fp, Instant now) {
    return IdempotencyDecision.decide(r, fp, now, TAKEOVER);
  }

  @Test
  void aFreeKeyIsClaimed() {
    assertThat(decide(Optional.empty(), "fp", T0)).isEqualTo(IdempotencyDecision.CLAIM);
  }

  @Test
  void anExpiredBindingIsClaimedAgainWhateverItHeld() {
    var r = bound(IdempotencyRecord.State.COMPLETED, T0);
    assertThat(decide(Optional.of(r), "other", T0.plus(Duration.ofHours(24))))
        .isEqualTo(IdempotencyDecision.CLAIM);
  }

  @Test
  void anotherPayloadIsAMismatchInEveryState() {
    assertThat(decide(Optional.of(bound(IdempotencyRecord.State.COMPLETED, T0)), "x", T0))
        .isEqualTo(IdempotencyDecision.MISMATCH);
    assertThat(decide(Optional.of(bound(IdempotencyRecord.State.IN_FLIGHT, T0)), "x", T0))
        .isEqualTo(IdempotencyDecision.MISMATCH);
  }

  @Test
  void aFinishedBindingReplays() {
    assertThat(decide(Optional.of(bound(IdempotencyRecord.State.COMPLETED, T0)), "fp", T0))
        .isEqualTo(IdempotencyDecision.REPLAY);
  }

  @Test
  void anInFlightBindingIsWaitedForUntilTheTakeoverDelayThenTakenOver() {
    var r = Optional.of(bound(IdempotencyRecord.State.IN_FLIGHT, T0));
    assertThat(decide(r, "fp", T0.plusSeconds(29))).isEqualTo(IdempotencyDecision.WAIT);
    assertThat(decide(r, "fp", T0.plusSeconds(30))).isEqualTo(IdempotencyDecision.TAKE_OVER);
  }
}
