package dev.dronedispatch.dispatch.documents;

import java.util.Locale;

/** The kinds of KV documents the dispatcher decides on, as named in metrics and logs. */
public enum DocumentKind {
  /** {@code delivery:{id}}. */
  DELIVERY,
  /** {@code drone:{id}}. */
  DRONE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
