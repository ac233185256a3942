package dev.dronedispatch.bench.chaos;

import java.time.Duration;

/** One thing the nemesis does to the running system, then undoes. */
sealed interface NemesisStep {

  /** SIGKILL a service's process, leave it down a while, start it again. */
  record KillAndRestart(String service) implements NemesisStep {}

  /** SIGSTOP a service's process, SIGCONT it after {@code pause}. */
  record PauseAndResume(String service, Duration pause) implements NemesisStep {}

  /**
   * Through the simulator's fault switch, one busy drone goes silent and another strands where it
   * is; both are cleared once the dispatcher had time to call them lost.
   */
  record FailDrones() implements NemesisStep {}
}
