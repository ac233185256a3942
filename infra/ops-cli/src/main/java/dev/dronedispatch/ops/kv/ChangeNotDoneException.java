package dev.dronedispatch.ops.kv;

/**
 * A membership change that failed, or had not ended when the command stopped waiting; either way
 * asking for it again resumes it.
 */
public final class ChangeNotDoneException extends RuntimeException {

  ChangeNotDoneException(String message) {
    super(message);
  }
}
