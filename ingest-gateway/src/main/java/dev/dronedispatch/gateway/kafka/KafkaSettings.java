package dev.dronedispatch.gateway.kafka;

import dev.dronedispatch.model.kafka.KafkaIdentity;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Client properties of the gateway's producer, admin client and stream consumers. */
public record KafkaSettings(String bootstrapServers, Duration publishTimeout, String clientId) {

  /**
   * Idempotent, acks=all; a send that cannot complete within the publish timeout fails. Sends
   * linger a few milliseconds so that at thousands of orders a second one produce request carries
   * many records per partition instead of one.
   */
  public Map<String, Object> producer() {
    int timeoutMs = (int) Math.max(1000, publishTimeout.toMillis());
    Map<String, Object> p = common();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(500, timeoutMs / 2));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
    return p;
  }

  public Map<String, Object> admin() {
    Map<String, Object> p = common();
    p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 3000);
    p.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
    return p;
  }

  /** Group-less consumers with manual assignment, reading only committed records. */
  public Map<String, Object> consumer(String suffix) {
    Map<String, Object> p = common();
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId + "-" + suffix);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    p.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
    return p;
  }

  private Map<String, Object> common() {
    Map<String, Object> p = new HashMap<>();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    p.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000);
    p.putAll(KafkaIdentity.current().clientProperties());
    return p;
  }
}
