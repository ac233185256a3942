package dev.dronedispatch.simulator.startup;

import dev.dronedispatch.kv.client.KvUnavailableException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Which start-up failures are worth another attempt: the KV or the broker not answering yet (not
 * up, restarting, slow on a loaded machine). Anything else, such as a malformed document, fails the
 * start for good.
 */
public final class StartupFailures {

  private StartupFailures() {}

  public static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof KvUnavailableException
          || t instanceof RetriableException // Kafka's, metadata timeouts among them
          || t instanceof TimeoutException // a blocking wait that ran out
          || t instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }
}
