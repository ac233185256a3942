package dev.dronedispatch.kv.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HybridLogicalClockTest {

  @Test
  void ticksStrictlyIncreaseEvenWhenTheWallClockStandsStillOrStepsBack() {
    AtomicLong wall = new AtomicLong(1_000);
    HybridLogicalClock clock = new HybridLogicalClock(wall::get);
    long a = clock.now();
    long b = clock.now();
    wall.set(500);
    long c = clock.now();
    assertThat(b).isGreaterThan(a);
    assertThat(c).isGreaterThan(b);
    assertThat(HybridLogicalClock.millisOf(c)).isEqualTo(1_000);
  }

  @Test
  void followsTheWallClockWhenItMovesAhead() {
    AtomicLong wall = new AtomicLong(1_000);
    HybridLogicalClock clock = new HybridLogicalClock(wall::get);
    clock.now();
    wall.set(2_000);
    assertThat(clock.now()).isEqualTo(HybridLogicalClock.fromMillis(2_000));
  }

  @Test
  void aTimestampSeenElsewhereIsExceededByTheNextTick() {
    HybridLogicalClock clock = new HybridLogicalClock(() -> 1_000);
    long remote = HybridLogicalClock.fromMillis(5_000) + 7;
    clock.observe(remote);
    assertThat(clock.now()).isEqualTo(remote + 1);
    assertThat(clock.tickAfter(remote + 100)).isEqualTo(remote + 101);
  }
}
