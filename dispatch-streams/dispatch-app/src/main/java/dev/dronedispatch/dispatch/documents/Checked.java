package dev.dronedispatch.dispatch.documents;

import dev.dronedispatch.kv.client.Versioned;
import dev.dronedispatch.model.documents.Defect;
import dev.dronedispatch.model.documents.DocumentKind;

/** A stored document read against its kind's rule: the valid value, or why it is not one. */
public sealed interface Checked<T> {

  record Valid<T>(Versioned<T> document) implements Checked<T> {}

  record Invalid<T>(DocumentKind kind, String key, Defect defect) implements Checked<T> {}
}
