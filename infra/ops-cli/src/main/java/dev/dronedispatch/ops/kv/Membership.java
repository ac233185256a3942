package dev.dronedispatch.ops.kv;

import java.util.List;

/**
 * The KV's storage-node membership as a coordinator plans with it: {@code next} is non-empty only
 * while a change is under way ({@code phase} other than {@code stable}).
 */
public record Membership(long epoch, String phase, List<Member> members, List<Member> next) {

  public Membership {
    members = members == null ? List.of() : List.copyOf(members);
    next = next == null ? List.of() : List.copyOf(next);
  }

  public boolean stable() {
    return "stable".equals(phase);
  }

  public boolean hasMember(String id) {
    return members.stream().anyMatch(m -> m.id().equals(id));
  }

  public List<String> memberIds() {
    return members.stream().map(Member::id).toList();
  }
}
