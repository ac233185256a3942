package dev.dronedispatch.dispatch.commit;

import dev.dronedispatch.dispatch.documents.DocumentRule;
import dev.dronedispatch.kv.client.CasResult;
import dev.dronedispatch.kv.client.KvEntry;
import dev.dronedispatch.kv.client.KvOp;
import dev.dronedispatch.kv.client.KvOpResult;
import dev.dronedispatch.kv.client.UpdateOutcome;
import dev.dronedispatch.kv.client.Versioned;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Many read-modify-CAS loops run side by side, one batched KV request per step instead of one round
 * trip per key: one batched read of the keys not already known, then per attempt one batched
 * compare-and-set of every key still to write. A refused compare-and-set answers the current value,
 * so the next attempt needs no read. Each key keeps the guarantee of a single update: the change
 * function sees the latest value and is written only at the version it saw. A key whose stored
 * value is not a valid document of the rule's kind is declined with nothing known ({@code
 * Declined(empty)}): its change function is never asked, so nothing is decided, or created, on a
 * document the dispatcher cannot read.
 *
 * @param <T> the document type
 */
final class BatchUpdate<T> {

  private final BlockingKv kv;
  private final DocumentRule<T> rule;

  BatchUpdate(BlockingKv kv, DocumentRule<T> rule) {
    this.kv = kv;
    this.rule = rule;
  }

  /** {@link #apply} of one key. */
  UpdateOutcome<T> applyOne(String key, Function<Optional<T>, Optional<T>> change, int attempts) {
    return apply(Map.of(key, change), Map.of(), attempts).get(key);
  }

  /**
   * Applies each key's change; {@code known} holds documents as the caller just read them (absent
   * keys are read first). One outcome per key of {@code changes}, in its order. A key whose
   * compare-and-set could not be answered ends {@link UpdateOutcome.Contended}: it may or may not
   * have been written.
   */
  Map<String, UpdateOutcome<T>> apply(
      Map<String, Function<Optional<T>, Optional<T>>> changes,
      Map<String, Optional<Versioned<T>>> known,
      int attempts) {
    Map<String, UpdateOutcome<T>> out = new LinkedHashMap<>();
    Map<String, Optional<Versioned<T>>> current = new LinkedHashMap<>();
    List<String> toRead = new ArrayList<>();
    for (String key : changes.keySet()) {
      if (known.containsKey(key)) {
        current.put(key, known.get(key));
      } else {
        toRead.add(key);
      }
    }
    current.putAll(read(toRead, out));
    for (int attempt = 1; attempt <= attempts && !current.isEmpty(); attempt++) {
      Map<String, T> next = new LinkedHashMap<>();
      List<KvOp> ops = new ArrayList<>();
      current.forEach(
          (key, value) -> {
            Optional<T> changed = changes.get(key).apply(value.map(Versioned::value));
            if (changed.isEmpty()) {
              out.put(key, new UpdateOutcome.Declined<>(value));
              return;
            }
            next.put(key, changed.get());
            ops.add(
                value.isPresent()
                    ? KvOp.casAtVersion(key, value.get().version(), encode(changed.get()))
                    : KvOp.create(key, encode(changed.get())));
          });
      current.clear();
      List<KvOpResult> answers = ops.isEmpty() ? List.of() : kv.batch(ops);
      int i = 0;
      for (Map.Entry<String, T> e : next.entrySet()) {
        String key = e.getKey();
        KvOpResult r = answers.get(i++);
        if (r instanceof KvOpResult.Compared c && c.cas() instanceof CasResult.Applied a) {
          out.put(
              key, new UpdateOutcome.Updated<>(new Versioned<>(e.getValue(), a.entry().version())));
        } else if (r instanceof KvOpResult.Compared c
            && c.cas() instanceof CasResult.Conflict conflict
            && attempt < attempts) {
          Optional<Versioned<T>> now = readable(conflict.current());
          if (now == null) {
            out.put(key, new UpdateOutcome.Declined<>(Optional.empty()));
          } else {
            current.put(key, now);
          }
        } else {
          out.put(key, new UpdateOutcome.Contended<>(attempt));
        }
      }
    }
    Map<String, UpdateOutcome<T>> ordered = new LinkedHashMap<>();
    changes.keySet().forEach(k -> ordered.put(k, out.get(k)));
    return ordered;
  }

  /**
   * The keys' documents in one batch; a key not served ends contended at once, one not holding a
   * valid document declined.
   */
  private Map<String, Optional<Versioned<T>>> read(
      List<String> keys, Map<String, UpdateOutcome<T>> settled) {
    Map<String, Optional<Versioned<T>>> values = new LinkedHashMap<>();
    if (keys.isEmpty()) {
      return values;
    }
    List<KvOpResult> answers = kv.batch(keys.stream().map(KvOp::get).toList());
    for (int i = 0; i < keys.size(); i++) {
      if (!(answers.get(i) instanceof KvOpResult.Read r)) {
        settled.put(keys.get(i), new UpdateOutcome.Contended<>(0));
        continue;
      }
      Optional<Versioned<T>> value = readable(r.entry());
      if (value == null) {
        settled.put(keys.get(i), new UpdateOutcome.Declined<>(Optional.empty()));
      } else {
        values.put(keys.get(i), value);
      }
    }
    return values;
  }

  /** The stored value: empty when absent, null when it is not a valid document. */
  private Optional<Versioned<T>> readable(Optional<KvEntry> entry) {
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    Optional<Versioned<T>> valid = kv.valid(entry.get(), rule);
    return valid.isPresent() ? valid : null;
  }

  private tools.jackson.databind.JsonNode encode(T value) {
    return kv.encode(value);
  }
}
