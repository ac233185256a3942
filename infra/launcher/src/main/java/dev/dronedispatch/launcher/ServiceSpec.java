package dev.dronedispatch.launcher;

import java.util.Map;

/**
 * One service process of the local system: what to run, its environment, and how to tell it is
 * ready.
 */
public record ServiceSpec(String name, Program program, Map<String, String> env, Readiness ready) {

  public ServiceSpec {
    env = Map.copyOf(env);
  }
}
