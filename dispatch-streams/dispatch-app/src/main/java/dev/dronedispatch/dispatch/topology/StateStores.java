package dev.dronedispatch.dispatch.topology;

import java.time.Duration;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;

/**
 * Where the topology keeps its state: on disk for the dispatcher, in the heap for an offline replay
 * ({@code ops rerun}), whose state lives no longer than it does. A TopologyTestDriver flushes every
 * store after every record, and a RocksDB flush writes a file each time: the replay of a window
 * took 20 ms per record on disk.
 */
public enum StateStores {
  PERSISTENT,
  IN_MEMORY;

  KeyValueBytesStoreSupplier keyValue(String name) {
    return this == PERSISTENT
        ? Stores.persistentKeyValueStore(name)
        : Stores.inMemoryKeyValueStore(name);
  }

  WindowBytesStoreSupplier window(String name, Duration retention) {
    return this == PERSISTENT
        ? Stores.persistentWindowStore(name, retention, retention, false)
        : Stores.inMemoryWindowStore(name, retention, retention, false);
  }
}
