package dev.dronedispatch.checking.fault;

/** What a process fault acts on: a process, by name. */
public interface Target {

  String name();

  /** The process as it runs now: a restart replaces it. */
  ProcessHandle process();

  /** A process that is not started again once it is gone. */
  static Target of(String name, Process process) {
    return new ProcessTarget(name, process.toHandle());
  }
}
