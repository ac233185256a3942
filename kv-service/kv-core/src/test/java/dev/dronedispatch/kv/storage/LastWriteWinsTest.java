package dev.dronedispatch.kv.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LastWriteWinsTest {

  static StoredRecord rec(String json, long version, long ts) {
    return new StoredRecord(json.getBytes(StandardCharsets.UTF_8), version, ts, false);
  }

  @Test
  void newerTimestampWinsWhateverTheVersion() {
    assertThat(LastWriteWins.isNewer(rec("1", 1, 20), rec("2", 9, 10))).isTrue();
    assertThat(LastWriteWins.isNewer(rec("1", 9, 10), rec("2", 1, 20))).isFalse();
  }

  @Test
  void anOlderRecordNeverReplacesANewerOne() {
    StoredRecord stored = rec("\"new\"", 3, 100);
    assertThat(LastWriteWins.isNewer(rec("\"old\"", 2, 50), stored)).isFalse();
    assertThat(LastWriteWins.isNewer(stored, stored)).isFalse();
    assertThat(LastWriteWins.isNewer(stored, null)).isTrue();
  }

  @Test
  void tiesOnTimestampBreakByVersionThenTombstoneThenBytes() {
    assertThat(LastWriteWins.compare(rec("1", 2, 10), rec("1", 1, 10))).isPositive();
    assertThat(LastWriteWins.compare(StoredRecord.tombstone(1, 10), rec("1", 1, 10))).isPositive();
    assertThat(LastWriteWins.compare(rec("2", 1, 10), rec("1", 1, 10))).isPositive();
  }

  @Test
  void acceptedVersionNeverGoesBackwardsOnANode() {
    StoredRecord local = rec("1", 7, 10);
    assertThat(LastWriteWins.accepted(rec("2", 0, 20), local).version()).isEqualTo(8);
    assertThat(LastWriteWins.accepted(rec("2", 3, 20), local).version()).isEqualTo(8);
    assertThat(LastWriteWins.accepted(rec("2", 12, 20), local).version()).isEqualTo(12);
    assertThat(LastWriteWins.accepted(rec("2", 0, 20), null).version()).isEqualTo(1);
  }

  @Test
  void codecRoundTripsValuesAndTombstones() {
    StoredRecord r = rec("{\"a\":[1,2.5,\"x\"]}", 42, 123456789L);
    assertThat(RecordCodec.decode(RecordCodec.encode(r))).isEqualTo(r);
    StoredRecord t = StoredRecord.tombstone(5, 99);
    assertThat(RecordCodec.decode(RecordCodec.encode(t))).isEqualTo(t);
  }
}
