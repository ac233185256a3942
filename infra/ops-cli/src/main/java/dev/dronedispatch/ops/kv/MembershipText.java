package dev.dronedispatch.ops.kv;

import dev.dronedispatch.ops.explain.TextTable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ops kv members}' output: the epoch and phase, each member with its URL (during a change
 * also the next members, each marked joining or leaving), and the coordinator's last change.
 */
public final class MembershipText {

  private MembershipText() {}

  public static String render(MembershipState state) {
    Membership m = state.membership();
    StringBuilder sb =
        new StringBuilder()
            .append("epoch ")
            .append(m.epoch())
            .append(", ")
            .append(m.phase())
            .append('\n');
    TextTable table =
        m.stable() ? new TextTable("member", "url") : new TextTable("member", "url", "change");
    rows(m).forEach((member, role) -> table.row(member.id(), member.url(), role));
    sb.append(table.render());
    sb.append(
        state
            .change()
            .map(
                p ->
                    "last change: "
                        + ProgressLines.describe(p)
                        + " (started "
                        + ProgressLines.stamp(p.startedAt())
                        + ", updated "
                        + ProgressLines.stamp(p.updatedAt())
                        + ")")
            .orElse("last change: none since this coordinator started"));
    return sb.append('\n').toString();
  }

  /**
   * The members, then the next members that are not members yet; each with its part in a change.
   */
  private static Map<Member, String> rows(Membership m) {
    Map<Member, String> rows = new LinkedHashMap<>();
    for (Member member : m.members()) {
      boolean stays = m.stable() || m.next().stream().anyMatch(n -> n.id().equals(member.id()));
      rows.put(member, stays ? "" : "leaving");
    }
    for (Member next : m.next()) {
      if (!m.hasMember(next.id())) {
        rows.put(next, "joining");
      }
    }
    return rows;
  }
}
