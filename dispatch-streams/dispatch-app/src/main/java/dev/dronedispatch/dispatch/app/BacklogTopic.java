package dev.dronedispatch.dispatch.app;

import dev.dronedispatch.dispatch.topology.DispatchTopology;
import dev.dronedispatch.model.kafka.KafkaIdentity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the backlog board's topic when it is missing, as Kafka Streams creates its own internal
 * topics: the board belongs to the dispatcher, so no launcher or deployment has to know about it.
 * One partition, compacted with small segments, so it holds about one report per dispatch task and
 * a restarting instance reads it back in moments.
 */
public final class BacklogTopic {

  private static final Logger log = LoggerFactory.getLogger(BacklogTopic.class);

  static final Map<String, String> CONFIG =
      Map.of(
          TopicConfig.CLEANUP_POLICY_CONFIG,
          TopicConfig.CLEANUP_POLICY_COMPACT,
          TopicConfig.SEGMENT_MS_CONFIG,
          Long.toString(Duration.ofMinutes(10).toMillis()),
          TopicConfig.SEGMENT_BYTES_CONFIG,
          Integer.toString(8 * 1024 * 1024),
          TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG,
          "0.1");

  private BacklogTopic() {}

  /**
   * Returns once the topic exists, retrying every {@code retry} while the broker cannot be reached.
   *
   * @throws InterruptedException when stopped while waiting for the broker
   */
  public static void ensure(String bootstrapServers, Duration retry) throws InterruptedException {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.putAll(KafkaIdentity.current().clientProperties());
    NewTopic topic =
        new NewTopic(DispatchTopology.BACKLOG_TOPIC, Optional.of(1), Optional.empty())
            .configs(CONFIG);
    while (true) {
      try (Admin admin = Admin.create(props)) {
        admin.createTopics(List.of(topic)).all().get();
        log.info("created topic {}", DispatchTopology.BACKLOG_TOPIC);
        return;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof TopicExistsException) {
          return;
        }
        log.warn(
            "cannot create topic {} yet ({}), retrying in {} ms",
            DispatchTopology.BACKLOG_TOPIC,
            e.getCause().toString(),
            retry.toMillis());
      }
      Thread.sleep(retry.toMillis());
    }
  }
}
