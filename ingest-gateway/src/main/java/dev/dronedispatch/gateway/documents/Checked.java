package dev.dronedispatch.gateway.documents;

import dev.dronedispatch.model.documents.Defect;
import dev.dronedispatch.model.documents.DocumentKind;

/** A stored document read against its kind's rule: the valid value, or why it is not one. */
public sealed interface Checked<T> {

  record Valid<T>(T value) implements Checked<T> {}

  record Invalid<T>(DocumentKind kind, String key, Defect defect) implements Checked<T> {}
}
