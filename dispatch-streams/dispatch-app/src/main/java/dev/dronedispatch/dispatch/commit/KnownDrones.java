package dev.dronedispatch.dispatch.commit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.dronedispatch.kv.client.CasRequest;
import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.ForwardingKvClient;
import dev.dronedispatch.kv.client.KvClient;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.KvOpResult;
import dev.dronedispatch.kv.client.WriteResult;
import dev.dronedispatch.model.kv.KvKeys;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The newest drone document, with its version, that any KV answer to this instance showed: the
 * round's reads, its claims and releases, the governor's and the tracker's writes, the current
 * value a refused compare-and-set answers. A round claims a drone remembered idle and free at the
 * remembered version without reading it first ({@link AssignmentCommitter}), one KV round trip
 * fewer. A remembered version is only ever an expectation: if the drone was written meanwhile (the
 * simulator's position merge, another instance), the claim is refused with the current document,
 * exactly as a claim at a version just read would be.
 *
 * <p>A write whose outcome is unknown, an answer that the drone is absent, or any other write to it
 * forgets the drone: it is read again before it is claimed.
 */
public final class KnownDrones extends ForwardingKvClient {

  /** Far above any fleet this system runs; a drone pushed out is read again before its claim. */
  private static final long MAX_DRONES = 200_000;

  private final Cache<String, KvEntry> newest =
      Caffeine.newBuilder().maximumSize(MAX_DRONES).build();

  public KnownDrones(KvClient delegate) {
    super(delegate);
  }

  /** The newest document remembered for the drone's key; empty if none is. */
  public Optional<KvEntry> newest(String droneKey) {
    return Optional.ofNullable(newest.getIfPresent(droneKey));
  }

  @Override
  public Mono<Optional<KvEntry>> get(String key) {
    return delegate.get(key).doOnNext(entry -> learnRead(key, entry));
  }

  @Override
  public Mono<WriteResult> put(String key, JsonNode value) {
    return delegate.put(key, value).doFinally(signal -> newest.invalidate(key));
  }

  @Override
  public Mono<WriteResult> delete(String key) {
    return delegate.delete(key).doFinally(signal -> newest.invalidate(key));
  }

  @Override
  public Mono<CasResult> compareAndSet(CasRequest request) {
    if (!isDrone(request.key())) {
      return delegate.compareAndSet(request);
    }
    return delegate
        .compareAndSet(request)
        .doOnNext(result -> learnCas(request, result))
        .doOnError(e -> newest.invalidate(request.key()));
  }

  @Override
  public Mono<List<KvOpResult>> batch(List<KvOp> ops) {
    if (ops.stream().noneMatch(op -> isDrone(op.key()))) {
      return delegate.batch(ops);
    }
    return delegate
        .batch(ops)
        .doOnNext(answers -> learn(ops, answers))
        .doOnError(
            e ->
                ops.stream()
                    .map(KvOp::key)
                    .filter(KnownDrones::isDrone)
                    .forEach(newest::invalidate));
  }

  private void learn(List<KvOp> ops, List<KvOpResult> answers) {
    for (int i = 0; i < ops.size() && i < answers.size(); i++) {
      KvOp op = ops.get(i);
      if (!isDrone(op.key())) {
        continue;
      }
      KvOpResult answer = answers.get(i);
      if (op instanceof KvOp.Get && answer instanceof KvOpResult.Read r) {
        learnRead(op.key(), r.entry());
      } else if (op instanceof KvOp.CompareAndSet cas && answer instanceof KvOpResult.Compared c) {
        learnCas(cas.request(), c.cas());
      } else {
        newest.invalidate(op.key());
      }
    }
  }

  private void learnRead(String key, Optional<KvEntry> entry) {
    if (!isDrone(key)) {
      return;
    }
    entry.ifPresentOrElse(this::offer, () -> newest.invalidate(key));
  }

  private void learnCas(CasRequest request, CasResult result) {
    if (result instanceof CasResult.Applied applied) {
      // the answer may carry only the new version: the value stored is the one written
      KvEntry now = applied.entry();
      offer(new KvEntry(request.key(), request.newValue(), now.version(), now.ts()));
    } else if (result instanceof CasResult.Conflict conflict && conflict.current().isPresent()) {
      offer(conflict.current().get());
    } else {
      newest.invalidate(request.key());
    }
  }

  /** Keeps {@code entry} unless a newer version of its key is remembered already. */
  private void offer(KvEntry entry) {
    if (entry.value() == null) {
      newest.invalidate(entry.key());
      return;
    }
    newest
        .asMap()
        .merge(
            entry.key(), entry, (known, seen) -> seen.version() >= known.version() ? seen : known);
  }

  private static boolean isDrone(String key) {
    return key.startsWith(KvKeys.DRONE_PREFIX);
  }
}
