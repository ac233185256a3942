package dev.dronedispatch.dispatch.topology;

import dev.dronedispatch.dispatch.assignment.PickResult;
import dev.dronedispatch.dispatch.assignment.WaitReason;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.events.DeliveryWaiting;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Announces why a round left a delivery waiting, only when the reason differs from the last one
 * announced for it: a backlog retried every round would otherwise write one record per delivery per
 * round. The memory is the task's, in the heap, bounded: after a restart, or for a delivery pushed
 * out by {@link #CAPACITY} younger ones, the reason is announced once more.
 */
final class WaitingReasons {

  static final int CAPACITY = 20_000;

  private final DispatchOutput out;
  private final Map<String, WaitReason> last =
      new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, WaitReason> eldest) {
          return size() > CAPACITY;
        }
      };

  WaitingReasons(DispatchOutput out) {
    this.out = out;
  }

  /** The pick found no drone for {@code req}. */
  void noDrone(DeliveryRequested req, PickResult pick, Instant now) {
    WaitReason reason = pick.waitReason();
    if (last.put(req.id(), reason) != reason) {
      out.waiting(
          new DeliveryWaiting(
              req.id(),
              reason.wireName(),
              now,
              req.requestedAt(),
              pick.considered(),
              pick.rejectionsByName()));
    }
  }

  /** The delivery left the queue. */
  void forget(String deliveryId) {
    last.remove(deliveryId);
  }
}
