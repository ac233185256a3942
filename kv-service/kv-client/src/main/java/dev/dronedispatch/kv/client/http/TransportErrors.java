package dev.dronedispatch.kv.client.http;

import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.net.UnknownHostException;

/** Classifies transport failures: which ones happened before the request reached the server. */
public final class TransportErrors {

  private TransportErrors() {}

  /** True when the request certainly was not delivered (connect refused, timed out, no host). */
  public static boolean beforeSend(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof ConnectTimeoutException
          || t instanceof UnknownHostException
          || t instanceof HttpConnectionPool.NotSentException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
