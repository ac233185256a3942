package dev.dronedispatch.e2e;

import dev.dronedispatch.launcher.LaunchOptions;
import dev.dronedispatch.launcher.LocalSystem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Starts the local system the way {@code ./run.sh} does, on free loopback ports. */
final class SystemUnderTest {

  /**
   * Below Linux's ephemeral range (32768-60999), so an outgoing connection of one service cannot
   * take a port another is about to listen on.
   */
  private static final int FIRST = 20_000;

  private static final int LAST = 32_000;
  private static final int PORTS = 9 + LaunchOptions.DISPATCH_PORT_STRIDE;

  private SystemUnderTest() {}

  static LocalSystem start(int drones, double timeAcceleration) throws Exception {
    return start(drones, timeAcceleration, 1);
  }

  /** With {@code dispatchers} dispatch instances (at most two on the reserved ports). */
  static LocalSystem start(int drones, double timeAcceleration, int dispatchers) throws Exception {
    Path root = Path.of(System.getProperty("project.root", "../..")).toAbsolutePath().normalize();
    Path data = Files.createTempDirectory("dronedispatch-e2e-");
    int p = reserveBlock();
    // p..p+2 the KV nodes (consecutive), then kafka, controller, coordinator, gateway, dispatch,
    // simulator, and a second dispatch instance one stride above the first: one block, all held
    // at once while reserving, so every port is distinct
    LaunchOptions options =
        new LaunchOptions(
            root,
            data,
            p + 3,
            p + 4,
            6,
            p + 5,
            p,
            3,
            p + 6,
            p + 7,
            dispatchers,
            p + 8,
            drones,
            timeAcceleration,
            false);
    return new LocalSystem(options, line -> System.out.println("[e2e] " + line)).start();
  }

  private static int reserveBlock() throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      int first = ThreadLocalRandom.current().nextInt(FIRST, LAST - PORTS);
      List<ServerSocket> held = new ArrayList<>();
      try {
        for (int i = 0; i < PORTS; i++) {
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
    throw new IOException("no block of " + PORTS + " free loopback ports in " + FIRST + "-" + LAST);
  }
}
