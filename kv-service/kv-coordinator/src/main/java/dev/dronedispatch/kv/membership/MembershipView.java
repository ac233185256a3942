package dev.dronedispatch.kv.membership;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The membership this coordinator plans with: the newest it has seen, from its settings, a node's
 * refusal, a poll of the nodes, or a change it runs. Only ever moves to a higher epoch.
 */
public final class MembershipView {

  private static final Logger log = LoggerFactory.getLogger(MembershipView.class);

  private final int vnodes;
  private final int rf;
  private final AtomicReference<Placement> current;
  private final List<Consumer<Membership>> listeners = new CopyOnWriteArrayList<>();

  public MembershipView(Membership initial, int vnodes, int rf) {
    this.vnodes = vnodes;
    this.rf = rf;
    this.current = new AtomicReference<>(new Placement(initial, vnodes, rf));
  }

  public Placement placement() {
    return current.get();
  }

  /** Where keys live under {@code membership}, with this view's ring settings. */
  public Placement placementOf(Membership membership) {
    return new Placement(membership, vnodes, rf);
  }

  public long epoch() {
    return current.get().epoch();
  }

  /** Plans with {@code membership} from now on if it is newer; answers whether it was. */
  public boolean adopt(Membership membership) {
    Placement next = new Placement(membership, vnodes, rf);
    Placement before = current.getAndUpdate(p -> p.epoch() < membership.epoch() ? next : p);
    if (before.epoch() >= membership.epoch()) {
      return false;
    }
    log.info(
        "membership adopted epoch={} phase={} members={} next={}",
        membership.epoch(),
        membership.phase(),
        membership.members(),
        membership.next());
    listeners.forEach(l -> l.accept(membership));
    return true;
  }

  /** {@code listener} hears of every membership adopted from now on. */
  public void onAdopted(Consumer<Membership> listener) {
    listeners.add(listener);
  }

  /** A membership document a node sent; adopted if readable and newer. */
  public void learned(JsonNode membership) {
    try {
      adopt(MembershipJson.read(membership));
    } catch (IllegalArgumentException e) {
      log.warn("a node sent an unreadable membership: {}", e.getMessage());
    }
  }
}
