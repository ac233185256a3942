package dev.dronedispatch.e2e;

import dev.dronedispatch.launcher.LaunchOptions;
import dev.dronedispatch.launcher.LocalSystem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Starts the local system the way {@code ./run.sh} does, on free loopback ports. */
final class SystemUnderTest {

  private SystemUnderTest() {}

  static LocalSystem start(int drones, double timeAcceleration) throws Exception {
    Path root = Path.of(System.getProperty("project.root", "../..")).toAbsolutePath().normalize();
    Path data = Files.createTempDirectory("dronedispatch-e2e-");
    int kvFirstNode = freeConsecutivePorts(3);
    LaunchOptions options =
        new LaunchOptions(
            root,
            data,
            freePort(),
            freePort(),
            6,
            freePort(),
            kvFirstNode,
            3,
            freePort(),
            freePort(),
            freePort(),
            drones,
            timeAcceleration,
            false);
    return new LocalSystem(options, line -> System.out.println("[e2e] " + line)).start();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static int freeConsecutivePorts(int count) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int first = freePort();
      if (first + count > 65535) {
        continue;
      }
      boolean allFree = true;
      for (int i = 1; i < count && allFree; i++) {
        try (ServerSocket s = new ServerSocket(first + i, 1, InetAddress.getLoopbackAddress())) {
          allFree = true;
        } catch (IOException e) {
          allFree = false;
        }
      }
      if (allFree) {
        return first;
      }
    }
    throw new IOException("no " + count + " consecutive free ports");
  }
}
