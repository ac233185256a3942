package dev.dronedispatch.ops.kv;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A membership change an operator asks for: {@code join} a running node (its id and base URL), make
 * a member {@code leave}, or {@code abort} the change under way (no node named: it is the one the
 * change adds or removes).
 */
public record MembershipChange(String action, String nodeId, Optional<String> url) {

  public static MembershipChange join(String nodeId, String url) {
    return new MembershipChange("join", nodeId, Optional.of(url));
  }

  public static MembershipChange leave(String nodeId) {
    return new MembershipChange("leave", nodeId, Optional.empty());
  }

  public static MembershipChange abort() {
    return new MembershipChange("abort", "", Optional.empty());
  }

  private boolean isAbort() {
    return action.equals("abort");
  }

  /** Where a coordinator takes it. */
  String path() {
    return "/admin/membership/" + action;
  }

  /** The request's JSON body: {@code {"id"}}, with {@code "url"} for a join. */
  Map<String, String> body() {
    Map<String, String> body = new LinkedHashMap<>();
    if (isAbort()) {
      return body;
    }
    body.put("id", nodeId);
    url.ifPresent(u -> body.put("url", u));
    return body;
  }

  /** Whether {@code progress} is of this change (a coordinator reports the last one it ran). */
  public boolean isReportedBy(ChangeProgress progress) {
    return action.equals(progress.action()) && (isAbort() || nodeId.equals(progress.node()));
  }

  /** Whether {@code membership} is what this change leads to, with no change under way. */
  public boolean isDoneIn(Membership membership) {
    return membership.stable()
        && (isAbort() || membership.hasMember(nodeId) == action.equals("join"));
  }

  /** The change in words, e.g. "join of node-d". */
  public String describe() {
    return isAbort() ? "abort of the change under way" : action + " of " + nodeId;
  }

  /** What happened once it ended, e.g. "node-d joined". */
  public String outcome() {
    return switch (action) {
      case "join" -> nodeId + " joined";
      case "leave" -> nodeId + " left";
      default -> "the change was taken back";
    };
  }
}
