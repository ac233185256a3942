package dev.dronedispatch.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many Kafka brokers a data directory's cluster was formatted for. A KRaft node's log belongs
 * to one quorum, so a directory kept from a single-broker run cannot serve the scaled deployment
 * (or the other way round): the launcher says so instead of starting a broken cluster.
 */
record DeploymentShape(int brokers) {

  private static final String FILE = "deployment";

  static DeploymentShape of(LaunchOptions options) {
    return new DeploymentShape(options.brokers());
  }

  /**
   * Records this shape in {@code dataDir}, or fails if the directory holds another one.
   *
   * @throws IllegalStateException naming both shapes and the ways out
   */
  void claim(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE);
    if (Files.exists(file)) {
      DeploymentShape kept = parse(Files.readString(file, StandardCharsets.UTF_8));
      if (!kept.equals(this)) {
        throw new IllegalStateException(
            String.format(
                "%s holds a system with %s; this run needs %s. Start it with --fresh (wipes the"
                    + " data) or give it another --data-dir.",
                dataDir, kept.describe(), describe()));
      }
      return;
    }
    Files.createDirectories(dataDir);
    Files.writeString(file, "brokers=" + brokers + "\n", StandardCharsets.UTF_8);
  }

  static DeploymentShape parse(String text) {
    String line = text.strip();
    if (!line.startsWith("brokers=")) {
      throw new IllegalStateException("unreadable deployment file: " + line);
    }
    return new DeploymentShape(Integer.parseInt(line.substring("brokers=".length())));
  }

  private String describe() {
    return brokers == 1 ? "one Kafka broker" : brokers + " Kafka brokers";
  }
}
