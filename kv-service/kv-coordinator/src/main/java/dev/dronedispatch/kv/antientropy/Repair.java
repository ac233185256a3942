package dev.dronedispatch.kv.antientropy;

import dev.dronedispatch.kv.ring.NodeRef;
import java.util.List;

/** One key's newest copy, where it is ({@code source}) and the replicas that lack it. */
public record Repair(String key, NodeRef source, List<NodeRef> targets) {

  public Repair {
    targets = List.copyOf(targets);
  }
}
