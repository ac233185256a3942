package dev.dronedispatch.kv.replication;

import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;

/** Which transport failures certainly happened before a request reached the node. */
final class ConnectFailures {

  private ConnectFailures() {}

  static boolean beforeSend(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException || t instanceof ConnectTimeoutException) {
        return true;
      }
    }
    return false;
  }
}
