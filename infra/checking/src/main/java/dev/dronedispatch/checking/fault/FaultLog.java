package dev.dronedispatch.checking.fault;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What the faults of one run did, in the order they did it. Faults acting on other threads (a KV
 * client's) share it safely.
 */
public final class FaultLog {

  private final List<FaultEvent> events = new CopyOnWriteArrayList<>();
  private final Consumer<FaultEvent> listener;

  public FaultLog() {
    this(event -> {});
  }

  /** A log that also tells {@code listener} of each event as it happens (to print it, say). */
  public FaultLog(Consumer<FaultEvent> listener) {
    this.listener = listener;
  }

  void record(Fault fault, String target, String detail) {
    FaultEvent event = new FaultEvent(Instant.now(), fault.name(), target, detail);
    events.add(event);
    listener.accept(event);
  }

  public List<FaultEvent> events() {
    return List.copyOf(events);
  }
}
