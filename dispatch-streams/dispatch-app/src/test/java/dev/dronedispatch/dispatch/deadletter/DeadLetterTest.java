package dev.dronedispatch.dispatch.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.model.topics.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

  private static String header(ProducerRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void theRecordKeepsTheOriginalBytesAndNamesItsSourceAndError() {
    byte[] key = "k".getBytes(StandardCharsets.UTF_8);
    byte[] value = {1, 2, 3};
    ProducerRecord<byte[], byte[]> r =
        new DeadLetter("deliveries.requested", 4, 17L, key, value, new IllegalStateException("bad"))
            .toRecord();
    assertThat(r.topic()).isEqualTo("deliveries.requested.dlq");
    assertThat(r.partition()).isNull();
    assertThat(r.key()).isEqualTo(key);
    assertThat(r.value()).isEqualTo(value);
    assertThat(header(r, DeadLetterHeaders.ERROR_CLASS))
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(header(r, DeadLetterHeaders.ERROR_MESSAGE)).isEqualTo("bad");
    assertThat(header(r, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("deliveries.requested");
    assertThat(header(r, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("4");
    assertThat(header(r, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("17");
  }

  @Test
  void aLongOrMissingErrorMessageStillMakesAHeader() {
    ProducerRecord<byte[], byte[]> longOne =
        new DeadLetter("t", 0, 0, null, null, new RuntimeException("x".repeat(5000))).toRecord();
    assertThat(header(longOne, DeadLetterHeaders.ERROR_MESSAGE)).hasSize(1000);
    ProducerRecord<byte[], byte[]> none =
        new DeadLetter("t", 0, 0, null, null, new RuntimeException()).toRecord();
    assertThat(header(none, DeadLetterHeaders.ERROR_MESSAGE)).isEqualTo("null");
  }
}
