package dev.dronedispatch.kv.replication;

import java.util.LinkedHashSet;
import java.util.Set;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * A section of work on one thread whose node operations leave together: while it runs, the {@link
 * OpPipeline}s it submits to only queue; at its end each sends what queued in as few requests as
 * its depth and size bounds allow. Without it the first operations would each take a free slot
 * alone and only the rest would share a request. Nothing waits longer than the section itself runs,
 * and a section inside a section joins the outer one.
 */
public final class Coalescing {

  private static final ThreadLocal<Set<OpPipeline>> OPEN = new ThreadLocal<>();

  private Coalescing() {}

  /** Runs {@code section}, then sends what it queued. */
  static void run(Runnable section) {
    if (OPEN.get() != null) {
      section.run();
      return;
    }
    Set<OpPipeline> postponed = new LinkedHashSet<>();
    OPEN.set(postponed);
    try {
      section.run();
    } finally {
      OPEN.remove();
      postponed.forEach(OpPipeline::drain);
    }
  }

  /**
   * {@code work}, whose subscription — where its first node operations are submitted — is one
   * section.
   */
  public static <T> Mono<T> together(Mono<T> work) {
    return Mono.create(
        sink -> {
          Disposable[] subscription = new Disposable[1];
          run(() -> subscription[0] = work.subscribe(sink::success, sink::error, sink::success));
          sink.onDispose(subscription[0]);
        });
  }

  /** True, and {@code pipeline} drained at the section's end, if a section is running here. */
  static boolean postpone(OpPipeline pipeline) {
    Set<OpPipeline> postponed = OPEN.get();
    if (postponed == null) {
      return false;
    }
    postponed.add(pipeline);
    return true;
  }
}
