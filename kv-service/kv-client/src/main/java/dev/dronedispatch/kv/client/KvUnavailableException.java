package dev.dronedispatch.kv.client;

/**
 * The KV service could not give an answer: no replica reachable, timeout, or an unexpected
 * response. Callers must treat the outcome of a write that failed this way as unknown.
 */
public class KvUnavailableException extends RuntimeException {

  public KvUnavailableException(String message) {
    super(message);
  }

  public KvUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
