package dev.dronedispatch.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A block of consecutive free loopback ports for a local system that must not collide with another
 * one on the machine (tests, benchmarks). The block lies below Linux's ephemeral range
 * (32768-60999), so an outgoing connection of one service cannot take a port another is about to
 * listen on; all its ports are held at once while reserving, so every port is distinct.
 */
public final class PortBlock {

  private static final int FIRST = 20_000;
  private static final int LAST = 32_000;

  /**
   * Ports a block holds: the first ten (three KV nodes, Kafka, its controller, the coordinator, the
   * public gateway port, dispatch, the simulator and its fault switch), then three more strides for
   * the further instances of the scaled deployment (brokers, gateways behind nginx, dispatch).
   */
  public static final int SIZE = 4 * LaunchOptions.PORT_STRIDE;

  private PortBlock() {}

  /** The first port of a free block of {@link #SIZE} ports. */
  public static int reserve() throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      int first = ThreadLocalRandom.current().nextInt(FIRST, LAST - SIZE);
      List<ServerSocket> held = new ArrayList<>();
      try {
        for (int i = 0; i < SIZE; i++) {
          held.add(new ServerSocket(first + i, 1, InetAddress.getLoopbackAddress()));
        }
        return first;
      } catch (IOException taken) {
        // try another block
      } finally {
        for (ServerSocket s : held) {
          s.close();
        }
      }
    }
    throw new IOException("no block of " + SIZE + " free loopback ports in " + FIRST + "-" + LAST);
  }

  /**
   * Options for a single-broker, single-gateway system on the block at {@code p}: p..p+2 the KV
   * nodes, then Kafka, its controller, the coordinator, gateway, dispatch, the simulator, and its
   * fault switch at p+9; {@link LaunchOptions#scaled()} puts the further instances a stride up.
   */
  public static LaunchOptions options(
      int p,
      Path home,
      Path data,
      int drones,
      double timeAcceleration,
      boolean orderGenerator,
      int dispatchers) {
    LaunchOptions options =
        new LaunchOptions(
            home,
            data,
            p + 3,
            p + 4,
            1,
            6,
            p + 5,
            p,
            3,
            p + 6,
            1,
            p + 7,
            dispatchers,
            p + 8,
            drones,
            timeAcceleration,
            orderGenerator,
            1.0,
            JitMode.AUTO);
    if (options.dispatchPort(dispatchers - 1) >= p + SIZE) {
      throw new IllegalArgumentException(
          "a port block has no room for " + dispatchers + " dispatch instances");
    }
    return options;
  }
}
