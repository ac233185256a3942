package dev.dronedispatch.kv.storage;

import dev.dronedispatch.kv.client.KvUnavailableException;

/** An operation on a store that is closing or closed: its server is shutting down. */
public final class StoreClosedException extends KvUnavailableException {

  public StoreClosedException() {
    super("shutting down");
  }
}
