package dev.dronedispatch.gateway.documents;

import dev.dronedispatch.kv.client.KvDocuments;
import dev.dronedispatch.kv.client.KvEntry;
import java.util.Optional;

/**
 * How one kind of document is read: decoded as {@code type} (a failure is {@code undecodable}),
 * then held to the kind's {@code rule}. Pure: decoding only maps JSON.
 */
public record DocumentCheck<T>(DocumentKind kind, Class<T> type, Defect undecodable, Rule<T> rule) {

  /** The kind's rule for a decoded document stored under {@code key}. */
  @FunctionalInterface
  public interface Rule<T> {
    Optional<? extends Defect> defectOf(String key, T document);
  }

  public Checked<T> check(KvEntry entry, KvDocuments docs) {
    T document;
    try {
      document = docs.decode(entry, type);
    } catch (RuntimeException e) {
      return invalid(entry.key(), undecodable);
    }
    if (document == null) {
      return invalid(entry.key(), undecodable);
    }
    Optional<? extends Defect> defect = rule.defectOf(entry.key(), document);
    return defect.isPresent() ? invalid(entry.key(), defect.get()) : new Checked.Valid<>(document);
  }

  public Checked<T> invalid(String key, Defect defect) {
    return new Checked.Invalid<>(kind, key, defect);
  }
}
