package dev.dronedispatch.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Preparing a running cluster, wherever it runs: waiting until its brokers have joined, and
 * creating the topics. Topics take the cluster's own replication settings ({@code
 * default.replication.factor}, {@code min.insync.replicas}), so one call serves a single node and a
 * replicated cluster alike.
 */
public final class KafkaTopics {

  private KafkaTopics() {}

  /** Waits until {@code brokers} brokers answer in the cluster's metadata. */
  public static void awaitBrokers(String bootstrapServers, int brokers, Duration timeout) {
    awaitBrokers(bootstrap(bootstrapServers), brokers, timeout);
  }

  /** As {@link #awaitBrokers(String, int, Duration)}, connecting with {@code client}. */
  public static void awaitBrokers(Map<String, Object> client, int brokers, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(client)) {
      int seen = 0;
      while (System.nanoTime() < deadline) {
        try {
          seen = admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).size();
          if (seen >= brokers) {
            return;
          }
        } catch (ExecutionException | TimeoutException notYet) {
          // the cluster is still forming its quorum
        }
        Thread.sleep(200);
      }
      throw new IllegalStateException(
          String.format(
              "%d of %d Kafka brokers joined within %d s at %s",
              seen,
              brokers,
              timeout.toSeconds(),
              client.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Kafka", e);
    }
  }

  /** Creates the topics that do not exist yet, with {@code partitions} partitions each. */
  public static void create(String bootstrapServers, Collection<String> names, int partitions) {
    create(bootstrap(bootstrapServers), names, partitions);
  }

  /** As {@link #create(String, Collection, int)}, connecting with {@code client}. */
  public static void create(Map<String, Object> client, Collection<String> names, int partitions) {
    try (Admin admin = Admin.create(client)) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing =
          names.stream()
              .filter(n -> !existing.contains(n))
              .map(n -> new NewTopic(n, Optional.of(partitions), Optional.empty()))
              .toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get();
      }
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create topics " + names, e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  private static Map<String, Object> bootstrap(String bootstrapServers) {
    return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
  }
}
