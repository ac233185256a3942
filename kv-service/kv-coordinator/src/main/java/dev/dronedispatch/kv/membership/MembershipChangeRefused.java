package dev.dronedispatch.kv.membership;

/** A membership change that cannot start from the membership as it is. */
public final class MembershipChangeRefused extends RuntimeException {

  /** Why. */
  public enum Reason {
    /** Another change is under way; it has to finish first. */
    CHANGE_UNDER_WAY,
    /** The node to add is a member already (by id or URL). */
    ALREADY_MEMBER,
    /** The node to remove is not a member. */
    NOT_A_MEMBER,
    /** Removing the node would leave fewer nodes than copies of each key. */
    TOO_FEW_NODES,
    /** An abort with no change under way. */
    NOTHING_UNDER_WAY,
    /** An abort once the next ring serves: the change can only be finished. */
    ALREADY_SWITCHED
  }

  private final Reason reason;

  public MembershipChangeRefused(Reason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
