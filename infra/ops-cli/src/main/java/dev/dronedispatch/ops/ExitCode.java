package dev.dronedispatch.ops;

/** How an {@code ops} command ended, for scripts: each failure has its own code. */
enum ExitCode {
  OK(0),
  /** {@code audit} found a violation. */
  VIOLATIONS(1),
  /** The command line, or a value in it, cannot be used. */
  USAGE(2),
  /** The Kafka cluster could not be reached or failed a request. */
  KAFKA(3),
  /** Anything else: unreadable data or a defect of the tool. */
  FAILURE(4),
  /** What the command was asked about is on no topic ({@code explain}). */
  NOT_FOUND(5);

  final int code;

  ExitCode(int code) {
    this.code = code;
  }
}
