package dev.dronedispatch.launcher;

import java.util.List;

/**
 * Which service processes the local system runs, with their configuration, in start stages: every
 * service of a stage starts together and must be ready before the next stage starts.
 */
final class SystemPlan {

  private SystemPlan() {}

  static List<List<ServiceSpec>> stages(LaunchOptions options) {
    return List.of();
  }
}
