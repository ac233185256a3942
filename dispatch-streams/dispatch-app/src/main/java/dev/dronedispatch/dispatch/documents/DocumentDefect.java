package dev.dronedispatch.dispatch.documents;

import java.util.Locale;

/**
 * Why a stored document is not one the dispatcher may act on. Each kind's rule ({@link
 * DocumentRule}) uses the defects that concern it.
 */
public enum DocumentDefect {
  /** Not a document of that shape at all: not a JSON object, a wrong type, an unknown enum. */
  UNREADABLE,
  ID_MISSING,
  /** A copy under another key would make the dispatcher write one entity under two keys. */
  ID_NOT_THE_KEY,
  STATUS_MISSING,
  /** A delivery without the instant it was requested has no place in the age order. */
  REQUESTED_AT_MISSING,
  ORIGIN_MISSING,
  DESTINATION_MISSING,
  WEIGHT_CLASS_MISSING,
  /** A drone without its class cannot be matched to a package. */
  TYPE_MISSING,
  POSITION_MISSING;

  /** The lower-case name used in metrics and logs. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
