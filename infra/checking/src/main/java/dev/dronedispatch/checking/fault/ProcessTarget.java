package dev.dronedispatch.checking.fault;

/** A process that is not started again once it is gone. */
record ProcessTarget(String name, ProcessHandle process) implements Target {}
