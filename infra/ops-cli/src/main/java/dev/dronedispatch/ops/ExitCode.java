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
  /**
   * What the command was asked about does not exist: on no topic ({@code explain}), no member of
   * the KV ({@code kv leave}).
   */
  NOT_FOUND(5),
  /** No KV coordinator could be reached, or it refused the token or failed the request. */
  KV(6),
  /** The KV refused the membership change: a member already, another under way, too few left. */
  CHANGE_REFUSED(7),
  /** The membership change failed, or had not ended within {@code --timeout}; it can be resumed. */
  CHANGE_NOT_DONE(8);

  final int code;

  ExitCode(int code) {
    this.code = code;
  }
}
