package dev.dronedispatch.kafka;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the embedded broker as its own process, e.g. for the local launcher. */
@Command(
    name = "kafka-broker",
    mixinStandardHelpOptions = true,
    description =
        "A real Kafka (KRaft) node on 127.0.0.1: a single-node cluster, or one node of a"
            + " cluster given by --quorum. With KAFKA_SUPER_USER and KAFKA_SUPER_PASSWORD set, its"
            + " listeners take SASL/SCRAM and its authorizer allows only what ACLs grant.")
public final class KafkaBrokerMain implements Callable<Integer> {

  @Option(names = "--data-dir", defaultValue = "data/kafka", description = "Log directory.")
  Path dataDir;

  @Option(names = "--port", defaultValue = "9092", description = "Client listener port.")
  int port;

  @Option(names = "--controller-port", defaultValue = "9093", description = "KRaft port.")
  int controllerPort;

  @Option(names = "--partitions", defaultValue = "6", description = "Partitions per topic.")
  int partitions;

  @Option(names = "--node-id", defaultValue = "1", description = "This node's id in the quorum.")
  int nodeId;

  @Option(
      names = "--quorum",
      split = ",",
      description =
          "Every node of the cluster as id@127.0.0.1:controllerPort, this one included."
              + " Default: this node alone.")
  List<String> quorum = List.of();

  @Option(
      names = "--replication",
      defaultValue = "1",
      description = "Copies of every topic (two must acknowledge a write from three on).")
  int replication;

  @Option(names = "--topics", split = ",", description = "Topics to create if missing.")
  List<String> topics = List.of();

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "kafka-broker-logback.xml");
    }
    System.exit(new CommandLine(new KafkaBrokerMain()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.start(
            new EmbeddedKafkaBroker.Settings(
                dataDir,
                port,
                controllerPort,
                partitions,
                nodeId,
                quorum,
                replication,
                BrokerSecurity.fromEnv(System.getenv())));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  broker.close();
                  stopped.countDown();
                },
                "kafka-broker-shutdown"));
    broker.createTopics(topics, partitions);
    System.out.println("Kafka broker ready on " + broker.bootstrapServers() + ", topics " + topics);
    stopped.await();
    return 0;
  }
}
