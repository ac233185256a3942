package dev.dronedispatch.kv.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.KvJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.NullNode;

class CasCheckTest {

  static StoredRecord live(String json, long version) {
    return new StoredRecord(json.getBytes(StandardCharsets.UTF_8), version, 10, false);
  }

  @Test
  void absentMeansNeverWrittenOrDeleted() {
    assertThat(CasCheck.holds(Expectation.absent(), null)).isTrue();
    assertThat(CasCheck.holds(Expectation.absent(), StoredRecord.tombstone(3, 5))).isTrue();
    assertThat(CasCheck.holds(Expectation.absent(), live("1", 1))).isFalse();
  }

  @Test
  void versionMustMatchALiveRecord() {
    assertThat(CasCheck.holds(Expectation.version(4), live("1", 4))).isTrue();
    assertThat(CasCheck.holds(Expectation.version(3), live("1", 4))).isFalse();
    assertThat(CasCheck.holds(Expectation.version(4), StoredRecord.tombstone(4, 5))).isFalse();
  }

  @Test
  void valueComparesStructurallyWithNumbersByValue() {
    StoredRecord doc = live("{\"b\":[1,{\"c\":2.50}],\"a\":1}", 1);
    assertThat(
            CasCheck.holds(
                Expectation.value(
                    KvJson.MAPPER.readTree("{\"a\":1.0,\"b\":[1,{\"c\":2.5}]}".getBytes())),
                doc))
        .isTrue();
    assertThat(
            CasCheck.holds(
                Expectation.value(
                    KvJson.MAPPER.readTree("{\"a\":1,\"b\":[{\"c\":2.5},1]}".getBytes())),
                doc))
        .isFalse();
    assertThat(CasCheck.holds(Expectation.value(NullNode.getInstance()), null)).isTrue();
  }
}
