package dev.dronedispatch.kv.clock;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A hybrid logical clock packed in a long: wall-clock milliseconds in the high 48 bits, a logical
 * counter in the low 16. Every timestamp it issues is greater than every timestamp it issued or
 * observed before, and stays close to the wall clock, so last-write-wins orders causally related
 * writes correctly even across clock steps and several issuers.
 */
public final class HybridLogicalClock {

  public static final int LOGICAL_BITS = 16;

  private final AtomicLong last = new AtomicLong();
  private final LongSupplier wallMillis;

  public HybridLogicalClock() {
    this(System::currentTimeMillis);
  }

  public HybridLogicalClock(LongSupplier wallMillis) {
    this.wallMillis = wallMillis;
  }

  /** A new timestamp, greater than every one issued or observed so far. */
  public long now() {
    return tickAfter(0);
  }

  /** A new timestamp greater than {@code floor} and than every one issued or observed so far. */
  public long tickAfter(long floor) {
    long physical = wallMillis.getAsLong() << LOGICAL_BITS;
    return last.updateAndGet(prev -> Math.max(physical, Math.max(prev, floor) + 1));
  }

  /** Takes a timestamp seen elsewhere into account, so later ticks exceed it. */
  public void observe(long remote) {
    last.accumulateAndGet(remote, Math::max);
  }

  /** The last timestamp issued or observed. */
  public long current() {
    return last.get();
  }

  public static long millisOf(long ts) {
    return ts >>> LOGICAL_BITS;
  }

  public static long fromMillis(long millis) {
    return millis << LOGICAL_BITS;
  }
}
