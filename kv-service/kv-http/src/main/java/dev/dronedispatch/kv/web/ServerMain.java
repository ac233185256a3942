package dev.dronedispatch.kv.web;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/** Shared plumbing of the servers' main classes: settings from env + args, logging, shutdown. */
public final class ServerMain {

  private ServerMain() {}

  /** The environment, overridden by {@code --KEY=value} arguments. */
  public static Map<String, String> settings(String[] args) {
    Map<String, String> out = new HashMap<>(System.getenv());
    for (String a : args) {
      if (a.startsWith("--") && a.contains("=")) {
        int eq = a.indexOf('=');
        out.put(a.substring(2, eq), a.substring(eq + 1));
      } else {
        throw new IllegalArgumentException("arguments are --KEY=value, got: " + a);
      }
    }
    return out;
  }

  /**
   * The settings {@code read} builds; when they are missing or wrong (a missing token among them)
   * the server refuses to start: one line on stderr naming what to set, exit status 2.
   */
  public static <T> T configOrExit(String server, Supplier<T> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println(server + " refuses to start: " + e.getMessage());
      System.exit(2);
      throw e;
    }
  }

  /** Uses the servers' logback configuration unless one was given. */
  public static void configureLogging() {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "kv-logback.xml");
    }
  }

  /** Blocks until the JVM is asked to stop, then closes the server. */
  public static void runUntilShutdown(AutoCloseable server) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.close();
                  } catch (Exception e) {
                    System.err.println("shutdown failed: " + e);
                  }
                  done.countDown();
                }));
    done.await();
  }
}
