package dev.dronedispatch.dispatch.app;

import dev.dronedispatch.model.kafka.KafkaIdentity;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Where and how the topology runs, from the environment.
 *
 * @param bootstrapServers KAFKA_BOOTSTRAP_SERVERS (default localhost:9092)
 * @param applicationId APPLICATION_ID (default dispatch): the consumer group and state prefix
 * @param stateDir STATE_DIR (default {tmp}/dispatch-streams): RocksDB stores
 * @param kvUrl KV_URL (default http://localhost:9000): the KV coordinator
 * @param applicationServer APPLICATION_SERVER (default localhost:{MANAGEMENT_PORT}): host:port
 *     other instances reach this one's interactive queries at
 * @param streamThreads NUM_STREAM_THREADS (default 3): the tasks mostly wait on the KV and the
 *     broker, so more threads than cores take requests in while other tasks wait; with one, a
 *     thread that committed and punctuated between every record took in 30–40 requests/s. Their
 *     fleet events reach the topic in no fixed order; consumers order them by decision time
 * @param instanceId INSTANCE_ID (default random): this instance's id in its logs
 * @param transactionTimeoutMs TRANSACTION_TIMEOUT_MS (default 30000): the Kafka transaction
 *     timeout; also how long read_committed readers may wait on a hard-killed instance's open
 *     transaction when it does not come back with the same STATE_DIR
 * @param commitIntervalMs COMMIT_INTERVAL_MS (default 100, Kafka Streams' exactly-once default):
 *     how often the transaction commits; decisions become visible to read_committed readers only
 *     then, so it bounds the latency a reader sees from below
 */
public record StreamsSettings(
    String bootstrapServers,
    String applicationId,
    Path stateDir,
    String kvUrl,
    String applicationServer,
    int streamThreads,
    String instanceId,
    int transactionTimeoutMs,
    int commitIntervalMs) {

  public static StreamsSettings fromEnv(Map<String, String> env) {
    return fromLookup(env::get);
  }

  /** Reads the settings through {@code lookup} (e.g. Spring's Environment). */
  public static StreamsSettings fromLookup(Function<String, String> lookup) {
    Function<String, Function<String, String>> or =
        name ->
            def -> {
              String v = lookup.apply(name);
              return v == null || v.isBlank() ? def : v.trim();
            };
    String port = or.apply("MANAGEMENT_PORT").apply("8081");
    String appId = or.apply("APPLICATION_ID").apply("dispatch");
    return new StreamsSettings(
        or.apply("KAFKA_BOOTSTRAP_SERVERS").apply("localhost:9092"),
        appId,
        Path.of(
            or.apply("STATE_DIR")
                .apply(
                    Path.of(System.getProperty("java.io.tmpdir"), "dispatch-streams").toString())),
        or.apply("KV_URL").apply("http://localhost:9000"),
        or.apply("APPLICATION_SERVER").apply("localhost:" + port),
        Integer.parseInt(or.apply("NUM_STREAM_THREADS").apply("3")),
        or.apply("INSTANCE_ID").apply(appId + "-" + UUID.randomUUID()),
        Integer.parseInt(or.apply("TRANSACTION_TIMEOUT_MS").apply("30000")),
        Integer.parseInt(or.apply("COMMIT_INTERVAL_MS").apply("100")));
  }

  /**
   * Exactly-once (v2) processing. Records that cannot be decoded or processed go to dead-letter
   * topics: see {@code DeadLetters}, which the runner installs on these properties.
   */
  public Properties streamsProperties() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // processors make blocking KV calls (each bounded by KV_TIMEOUT_MS): room for a slow KV before
    // the broker aborts the transaction and fences the thread (Streams' EOS default is 10 s)
    p.put(StreamsConfig.producerPrefix("transaction.timeout.ms"), transactionTimeoutMs);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
    p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
    p.putAll(KafkaIdentity.current().clientProperties());
    return p;
  }
}
