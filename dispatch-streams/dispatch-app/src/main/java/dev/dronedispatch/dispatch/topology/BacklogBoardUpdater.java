package dev.dronedispatch.dispatch.topology;

import dev.dronedispatch.dispatch.backlog.BacklogBoard;
import dev.dronedispatch.dispatch.backlog.BacklogReport;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The backlog board's global-store processor: keeps the latest report of every dispatch task in the
 * store and in the instance's {@link BacklogBoard}. On start it loads the board from the restored
 * store.
 */
final class BacklogBoardUpdater implements Processor<String, BacklogReport, Void, Void> {

  private final BacklogBoard board;
  private KeyValueStore<String, BacklogReport> store;

  BacklogBoardUpdater(BacklogBoard board) {
    this.board = board;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(DispatchTopology.BACKLOG_BOARD_STORE);
    try (KeyValueIterator<String, BacklogReport> it = store.all()) {
      while (it.hasNext()) {
        var kv = it.next();
        if (kv.value != null) {
          board.onReport(kv.value.partition(), kv.value);
        }
      }
    }
  }

  @Override
  public void process(Record<String, BacklogReport> record) {
    BacklogReport report = record.value();
    if (record.key() == null || report == null) {
      return; // reports are never deleted; a task that goes quiet turns stale instead
    }
    store.put(record.key(), report);
    board.onReport(report.partition(), report);
  }
}
