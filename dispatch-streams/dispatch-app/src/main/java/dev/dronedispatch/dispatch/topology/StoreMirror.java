package dev.dronedispatch.dispatch.topology;

import java.util.function.BiConsumer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A global store's processor that keeps an in-memory view of the store in step with it: every
 * record is written to the store and handed to the view (a null value deletes, and the view is told
 * with null); on start the view is loaded from the restored store. The fleet view and the backlog
 * board are fed this way, so every instance sees every drone and every dispatch task.
 */
final class StoreMirror<V> implements Processor<String, V, Void, Void> {

  private final String storeName;
  private final BiConsumer<String, V> view;
  private KeyValueStore<String, V> store;

  StoreMirror(String storeName, BiConsumer<String, V> view) {
    this.storeName = storeName;
    this.view = view;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
    try (KeyValueIterator<String, V> it = store.all()) {
      while (it.hasNext()) {
        var kv = it.next();
        view.accept(kv.key, kv.value);
      }
    }
  }

  @Override
  public void process(Record<String, V> record) {
    if (record.key() == null) {
      return;
    }
    V value = record.value();
    if (value == null) {
      store.delete(record.key());
    } else {
      store.put(record.key(), value);
    }
    view.accept(record.key(), value);
  }
}
