package dev.dronedispatch.kv.client;

/**
 * A fencing condition on a write: it is applied only while lock {@code lockName} is held with
 * exactly {@code token}. A writer whose lease expired and was taken over is refused.
 */
public record Fence(String lockName, long token) {

  public static Fence of(LockLease lease) {
    return new Fence(lease.name(), lease.token());
  }
}
