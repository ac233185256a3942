package dev.dronedispatch.checking.fault;

import dev.dronedispatch.kv.client.CasRequest;
import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.ForwardingKvClient;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.KvOpResult;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;

/**
 * The KV client of a service, with a kill switch: once armed, the service's work dies (a {@link
 * Crash}, an {@link Error} a Kafka Streams thread does not survive) right after the KV committed a
 * write the switch watches for, before the service could act on the answer: the worst moment for
 * exactly-once. It watches batches and single CAS calls, the ways the services commit.
 */
public final class CrashAfterKvCommit extends ForwardingKvClient implements Fault {

  /** The simulated death of the service's work. */
  public static final class Crash extends Error {
    Crash(String message) {
      super(message);
    }
  }

  private final String target;
  private final Predicate<KvOp> watched;
  private final FaultLog log;
  private final AtomicBoolean armed = new AtomicBoolean();
  private final AtomicBoolean fired = new AtomicBoolean();

  /**
   * @param target the service whose client this is, for the log
   * @param watched the writes after whose commit the service dies (an assignment, say)
   */
  public CrashAfterKvCommit(
      KvClient delegate, String target, Predicate<KvOp> watched, FaultLog log) {
    super(delegate);
    this.target = target;
    this.watched = watched;
    this.log = log;
  }

  @Override
  public String name() {
    return "crash-after-kv-commit";
  }

  /** The next watched write the KV commits is the last thing the service does. */
  public void arm() {
    armed.set(true);
  }

  public boolean fired() {
    return fired.get();
  }

  @Override
  public Mono<List<KvOpResult>> batch(List<KvOp> ops) {
    return delegate
        .batch(ops)
        .doOnNext(
            results -> {
              for (int i = 0; i < ops.size(); i++) {
                if (committed(results.get(i))) {
                  crashIfWatched(ops.get(i));
                }
              }
            });
  }

  @Override
  public Mono<CasResult> compareAndSet(CasRequest request) {
    return delegate
        .compareAndSet(request)
        .doOnNext(
            result -> {
              if (result.ok()) {
                crashIfWatched(KvOp.cas(request));
              }
            });
  }

  private static boolean committed(KvOpResult result) {
    return result instanceof KvOpResult.Written
        || result instanceof KvOpResult.Compared c && c.cas().ok();
  }

  private void crashIfWatched(KvOp op) {
    if (watched.test(op) && armed.compareAndSet(true, false)) {
      fired.set(true);
      String what = "crashed after the KV committed " + op.key();
      log.record(this, target, what);
      throw new Crash(target + " " + what);
    }
  }
}
