package dev.dronedispatch.ops.kv;

import java.util.Optional;

/**
 * A coordinator's answer on {@code /admin/membership}: the membership it plans with, and the
 * progress of the change it runs or ran last (none since it started).
 */
public record MembershipState(Membership membership, Optional<ChangeProgress> change) {

  public MembershipState {
    change = change == null ? Optional.empty() : change;
  }
}
