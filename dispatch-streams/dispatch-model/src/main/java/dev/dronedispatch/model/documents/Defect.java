package dev.dronedispatch.model.documents;

import java.util.Locale;

/** Why a stored document is not one a reader serves or acts on; each kind has its own enum. */
public interface Defect {

  /** The constant's name; every implementation is an enum. */
  String name();

  /** The lower-case name used in metrics and logs. */
  default String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
