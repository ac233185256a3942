package dev.dronedispatch.kv.lock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LockRulesTest {

  @Test
  void aFreeLockIsGrantedWithTheNextToken() {
    LockState s = LockRules.acquire(LockState.NEVER_HELD, "a", 1000, 10).orElseThrow();
    assertThat(s).isEqualTo(new LockState("a", 1, 1010));
  }

  @Test
  void aHeldLockIsRefusedUntilItExpires() {
    LockState held = new LockState("a", 4, 1010);
    assertThat(LockRules.acquire(held, "b", 1000, 1009)).isEmpty();
    assertThat(LockRules.acquire(held, "b", 1000, 1010)).contains(new LockState("b", 5, 2010));
  }

  @Test
  void theHolderAcquiringAgainGetsANewLeaseWithTheNextToken() {
    LockState held = new LockState("a", 4, 1010);
    assertThat(LockRules.acquire(held, "a", 1000, 100)).contains(new LockState("a", 5, 1100));
  }

  @Test
  void onlyTheHolderWithItsTokenRenewsOrReleasesBeforeExpiry() {
    LockState held = new LockState("a", 4, 1010);
    assertThat(LockRules.renew(held, "b", 4, 1000, 100)).isEmpty();
    assertThat(LockRules.renew(held, "a", 3, 1000, 100)).isEmpty();
    assertThat(LockRules.renew(held, "a", 4, 1000, 1011)).isEmpty();
    assertThat(LockRules.renew(held, "a", 4, 1000, 100)).contains(new LockState("a", 4, 1100));
    assertThat(LockRules.release(held, "b", 4, 100)).isEmpty();
    assertThat(LockRules.release(held, "a", 4, 100)).contains(new LockState(null, 4, 0));
  }

  @Test
  void tokensKeepGrowingAfterReleaseAndExpiry() {
    LockState s = LockState.NEVER_HELD;
    long last = 0;
    for (int i = 0; i < 5; i++) {
      s = LockRules.acquire(s, "o" + i, 10, i * 100L).orElseThrow();
      assertThat(s.token()).isGreaterThan(last);
      last = s.token();
      if (i % 2 == 0) {
        s = LockRules.release(s, s.owner(), s.token(), i * 100L + 1).orElseThrow();
      }
    }
  }
}
