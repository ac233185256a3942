package dev.dronedispatch.kv.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.ring.NodeRef;
import dev.dronedispatch.kv.storage.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadResolutionTest {

  static final NodeRef A = new NodeRef("a", "u-a");
  static final NodeRef B = new NodeRef("b", "u-b");

  static StoredRecord rec(String v, long ts) {
    return new StoredRecord(v.getBytes(StandardCharsets.UTF_8), 1, ts, false);
  }

  @Test
  void newestWinsAndOlderReplicasNeedRepair() {
    var r =
        ReadResolution.resolve(
            List.of(
                new ReadResolution.Answer(A, Optional.of(rec("1", 10))),
                new ReadResolution.Answer(B, Optional.of(rec("2", 20)))));
    assertThat(r.newest()).contains(rec("2", 20));
    assertThat(r.stale()).containsExactly(A);
  }

  @Test
  void aReplicaWithoutTheKeyIsRepairedToo() {
    var r =
        ReadResolution.resolve(
            List.of(
                new ReadResolution.Answer(A, Optional.empty()),
                new ReadResolution.Answer(B, Optional.of(rec("2", 20)))));
    assertThat(r.stale()).containsExactly(A);
  }

  @Test
  void aNewerTombstoneHidesAnOlderValue() {
    var r =
        ReadResolution.resolve(
            List.of(
                new ReadResolution.Answer(A, Optional.of(StoredRecord.tombstone(2, 30))),
                new ReadResolution.Answer(B, Optional.of(rec("2", 20)))));
    assertThat(r.newest().orElseThrow().tombstone()).isTrue();
    assertThat(r.stale()).containsExactly(B);
  }

  @Test
  void nothingAnywhereIsAbsentWithoutRepairs() {
    var r = ReadResolution.resolve(List.of(new ReadResolution.Answer(A, Optional.empty())));
    assertThat(r.newest()).isEmpty();
    assertThat(r.stale()).isEmpty();
  }

  @Test
  void onlyAnswersFromTheKeysOwnReplicasMakeAbsenceAuthoritative() {
    NodeRef c = new NodeRef("c", "u-c");
    List<NodeRef> replicas = List.of(A, B);
    assertThat(
            ReadResolution.anyFrom(
                List.of(new ReadResolution.Answer(c, Optional.empty())), replicas))
        .isFalse();
    assertThat(
            ReadResolution.anyFrom(
                List.of(
                    new ReadResolution.Answer(c, Optional.empty()),
                    new ReadResolution.Answer(B, Optional.empty())),
                replicas))
        .isTrue();
  }
}
