package dev.dronedispatch.ops.rerun;

import java.util.List;

/** How many decisions were compared, and those that differ, in request order. */
public record RerunResult(int decisions, List<Difference> differences) {

  public RerunResult {
    differences = List.copyOf(differences);
  }

  public String summary() {
    return "rerun: decisions=" + decisions + " differences=" + differences.size();
  }
}
