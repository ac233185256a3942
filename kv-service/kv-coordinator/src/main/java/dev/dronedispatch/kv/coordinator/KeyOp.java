package dev.dronedispatch.kv.coordinator;

import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.Fence;
import java.util.Optional;

/**
 * One single-key operation of the HTTP API as read from a request: what {@code GET}, {@code PUT},
 * {@code DELETE} on {@code /kv/{key}} and {@code POST /kv/cas} ask for, and what each operation of
 * a {@code POST /kv/batch} is.
 */
sealed interface KeyOp {

  String key();

  record Get(String key) implements KeyOp {}

  /** A last-write-wins write; {@code value} null deletes. */
  record Write(String key, byte[] value) implements KeyOp {}

  /** A compare-and-set at the key's primary; {@code newValue} null deletes. */
  record Cas(String key, Expectation expected, byte[] newValue, Optional<Fence> fence)
      implements KeyOp {}
}
