package dev.dronedispatch.dispatch.topology;

import dev.dronedispatch.dispatch.fleet.FleetView;
import dev.dronedispatch.model.events.DroneTelemetry;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The global store's processor: keeps the latest telemetry of every drone in the store and in the
 * instance's {@link FleetView}. On start it loads the view from the restored store.
 */
final class FleetViewUpdater implements Processor<String, DroneTelemetry, Void, Void> {

  private final FleetView fleet;
  private KeyValueStore<String, DroneTelemetry> store;

  FleetViewUpdater(FleetView fleet) {
    this.fleet = fleet;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(DispatchTopology.FLEET_STORE);
    try (KeyValueIterator<String, DroneTelemetry> it = store.all()) {
      while (it.hasNext()) {
        var kv = it.next();
        fleet.onTelemetry(kv.key, kv.value);
      }
    }
  }

  @Override
  public void process(Record<String, DroneTelemetry> record) {
    if (record.key() == null) {
      return;
    }
    DroneTelemetry t = record.value();
    if (t == null) {
      store.delete(record.key());
    } else {
      store.put(record.key(), t);
    }
    fleet.onTelemetry(record.key(), t);
  }
}
