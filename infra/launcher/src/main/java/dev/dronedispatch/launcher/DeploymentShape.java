package dev.dronedispatch.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How many Kafka brokers a data directory's cluster was formatted for, and whether with SASL
 * identities. A KRaft node's log belongs to one quorum, so a directory kept from a single-broker
 * run cannot serve the scaled deployment (or the other way round); and a cluster formatted without
 * the super user's SCRAM credential cannot take SASL: the launcher says so instead of starting a
 * broken cluster.
 */
record DeploymentShape(int brokers, boolean kafkaSecured) {

  private static final String FILE = "deployment";
  private static final String SECURED = "kafka=sasl";

  static DeploymentShape of(LaunchOptions options) {
    return new DeploymentShape(options.brokers(), options.kafkaSecured());
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
    Files.writeString(
        file,
        "brokers=" + brokers + "\n" + (kafkaSecured ? SECURED + "\n" : ""),
        StandardCharsets.UTF_8);
  }

  /** A file without the SASL line is a PLAINTEXT cluster's (also every one kept from before). */
  static DeploymentShape parse(String text) {
    List<String> lines = text.strip().lines().map(String::strip).toList();
    if (lines.isEmpty() || !lines.get(0).startsWith("brokers=")) {
      throw new IllegalStateException("unreadable deployment file: " + text.strip());
    }
    return new DeploymentShape(
        Integer.parseInt(lines.get(0).substring("brokers=".length())), lines.contains(SECURED));
  }

  private String describe() {
    return (brokers == 1 ? "one Kafka broker" : brokers + " Kafka brokers")
        + (kafkaSecured ? " with SASL identities" : " without Kafka identities");
  }
}
