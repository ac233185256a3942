package dev.dronedispatch.checking.fault;

/**
 * A fault a test injects into a run, by name. Each records what it did in a {@link FaultLog}, whose
 * events become part of the run's history.
 */
public sealed interface Fault
    permits Kill, Pause, Restart, CrashAfterKvCommit, DroppingKvClient, LoseDrone, FindDrone {

  /** A short name for logs and summaries: {@code kill}, {@code pause}, ... */
  String name();
}
