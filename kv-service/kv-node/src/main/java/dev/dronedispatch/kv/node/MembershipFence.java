package dev.dronedispatch.kv.node;

import dev.dronedispatch.kv.web.ApiException;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * Keeps work planned under an older membership off this node. Coordinators stamp each request with
 * the epoch it was planned under ({@link #EPOCH_HEADER}). A stamped request is admitted once, its
 * epoch checked then, and holds the fence until all of its work has ended; an install waits for the
 * requests holding it and keeps new ones out meanwhile. So a request is either refused before any
 * of its work runs or runs entirely before an install takes effect — a coordinator told a request
 * was refused may plan it again — and once {@link #install} returns, no work planned under an older
 * epoch is running here, and none can start. A request without the header (a direct client, a tool)
 * is not fenced; a newer epoch than the installed one is admitted, since a node learns memberships
 * only by explicit installs.
 */
public final class MembershipFence {

  /** The request header carrying the membership epoch a request was planned under (decimal). */
  public static final String EPOCH_HEADER = "Kv-Membership-Epoch";

  /** An admitted request holds one permit, an install all: more than can ever run at once. */
  private static final int PERMITS = Integer.MAX_VALUE;

  /** What releases an unstamped request: it holds nothing. */
  private static final Runnable NOTHING_HELD = () -> {};

  private final InstalledMembership installed;

  // fair, so that a stream of admissions does not starve an install waiting for every permit
  private final Semaphore permits = new Semaphore(PERMITS, true);

  public MembershipFence(InstalledMembership installed) {
    this.installed = installed;
  }

  /**
   * The epoch in an {@link #EPOCH_HEADER} value; empty when the request has none ({@code
   * headerValue} null). 400 when it is not a non-negative decimal integer.
   */
  public static OptionalLong plannedEpoch(String headerValue) {
    if (headerValue == null) {
      return OptionalLong.empty();
    }
    try {
      long epoch = Long.parseLong(headerValue.trim());
      if (epoch >= 0) {
        return OptionalLong.of(epoch);
      }
    } catch (NumberFormatException e) {
      // refused below, as a negative epoch is
    }
    throw ApiException.malformed(
        "header "
            + EPOCH_HEADER
            + " must be a non-negative decimal integer, not '"
            + headerValue
            + "'");
  }

  /**
   * Refuses (STALE_MEMBERSHIP) work planned under an older epoch than the installed one — without
   * admitting it: a quick refusal, the admission checks again.
   */
  public void check(OptionalLong planned) {
    if (planned.isEmpty()) {
      return;
    }
    MembershipDocument current = installed.current();
    if (planned.getAsLong() < current.epoch()) {
      throw current.staleRefusal(
          "the request was planned under membership epoch "
              + planned.getAsLong()
              + ", but epoch "
              + current.epoch()
              + " is installed on this node: plan it again under the installed membership");
    }
  }

  /**
   * Admits a request planned under {@code planned}: emits what releases the admission (once,
   * however often it is run); until then no install takes effect. Admitted on the subscribing
   * thread when the fence is free at once, else after waiting on {@code waitOn} — which must not
   * run anything admitted requests need to end, since an install waits for them. Fails with the
   * {@link #check} refusal, holding nothing, when an older epoch than the installed one was
   * planned. Unstamped requests are admitted at once and hold nothing; so does a cancelled one.
   */
  public Mono<Runnable> admit(OptionalLong planned, Scheduler waitOn) {
    if (planned.isEmpty()) {
      return Mono.just(NOTHING_HELD);
    }
    return Mono.create(
        sink -> {
          Admission admission = new Admission();
          if (permitFreeAtOnce()) {
            sink.onCancel(admission::run);
            if (admission.hold()) {
              settle(admission, planned, sink);
            }
          } else {
            sink.onCancel(
                Disposables.composite(
                    admission::run,
                    waitOn.schedule(() -> waitThenSettle(admission, planned, sink))));
          }
        });
  }

  /**
   * {@code work} once {@link #admit} admits {@code planned}, the admission released when the work
   * ends. Once started, the work runs to its end even if the caller stops waiting for it: were the
   * admission released at a cancellation, an install could overlap work still running.
   */
  public <T> Mono<T> admitted(OptionalLong planned, Scheduler waitOn, Supplier<Mono<T>> work) {
    return admit(planned, waitOn)
        .flatMap(
            release ->
                Mono.fromFuture(
                    Mono.defer(work).doFinally(signal -> release.run()).toFuture(), true));
  }

  /**
   * Installs {@code proposed} ({@link InstalledMembership#install}) once the admitted requests have
   * ended, admitting none meanwhile; blocks until then, so call it off the event loop and off any
   * thread the admitted requests need.
   */
  public void install(MembershipDocument proposed) {
    permits.acquireUninterruptibly(PERMITS);
    try {
      installed.install(proposed);
    } finally {
      permits.release(PERMITS);
    }
  }

  public MembershipDocument current() {
    return installed.current();
  }

  /**
   * A permit if one is free now; the timed form, as the untimed one would barge past an install.
   */
  private boolean permitFreeAtOnce() {
    try {
      return permits.tryAcquire(0, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void waitThenSettle(Admission admission, OptionalLong planned, MonoSink<Runnable> sink) {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      // only a cancelled request's wait, or a stopping node, is interrupted: nobody awaits it
      Thread.currentThread().interrupt();
      return;
    }
    if (admission.hold()) {
      settle(admission, planned, sink);
    }
  }

  /** The epoch check of a request holding its permit: admitted, or refused and released. */
  private void settle(Admission admission, OptionalLong planned, MonoSink<Runnable> sink) {
    try {
      check(planned);
    } catch (ApiException refused) {
      admission.run();
      sink.error(refused);
      return;
    }
    sink.success(admission);
  }

  /**
   * One stamped request's permit, given back exactly once: when the request ends, or when it is
   * cancelled — if cancelled while still waiting, as soon as the wait takes the permit.
   */
  private final class Admission implements Runnable {

    private static final int WAITING = 0;
    private static final int HELD = 1;
    private static final int ENDED = 2;

    private final AtomicInteger state = new AtomicInteger(WAITING);

    /** Takes over a permit just acquired: false, the permit given back, if already ended. */
    boolean hold() {
      if (state.compareAndSet(WAITING, HELD)) {
        return true;
      }
      permits.release();
      return false;
    }

    /** Ends the admission, giving back its permit if it holds one. */
    @Override
    public void run() {
      if (state.getAndSet(ENDED) == HELD) {
        permits.release();
      }
    }
  }
}
