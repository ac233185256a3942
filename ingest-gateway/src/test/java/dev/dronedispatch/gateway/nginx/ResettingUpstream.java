package dev.dronedispatch.gateway.nginx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A broken upstream: accepts a connection, reads the request head and closes without answering, so
 * nginx sees an error after the request was sent (the case where a POST must not be retried unless
 * it is idempotent).
 */
final class ResettingUpstream implements AutoCloseable {

  private final ServerSocket server;
  private final AtomicInteger requests = new AtomicInteger();
  private final Thread thread;

  ResettingUpstream() {
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    thread = new Thread(this::run, "resetting-upstream");
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return server.getLocalPort();
  }

  int requests() {
    return requests.get();
  }

  private void run() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        int n = in.read(buf);
        if (n > 0) {
          requests.incrementAndGet();
        }
        s.setSoLinger(true, 0);
      } catch (IOException e) {
        // closed, or the client went away
      }
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
