package dev.dronedispatch.launcher;

import java.util.List;
import java.util.Map;

/**
 * One service process of the local system: what to run, its environment, and how to tell it is
 * ready.
 */
public record ServiceSpec(String name, Program program, Map<String, String> env, Readiness ready) {

  public ServiceSpec {
    env = Map.copyOf(env);
  }

  /**
   * This service with {@code extra} JVM flags, if it runs a jar; a native program is left as is.
   */
  public ServiceSpec withJvmArgs(List<String> extra) {
    if (extra.isEmpty() || !(program instanceof Program.JavaJar java)) {
      return this;
    }
    return new ServiceSpec(name, java.withJvmArgs(extra), env, ready);
  }
}
