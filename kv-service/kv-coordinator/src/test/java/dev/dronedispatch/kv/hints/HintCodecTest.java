package dev.dronedispatch.kv.hints;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.kv.storage.RecordCodec;
import dev.dronedispatch.kv.storage.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HintCodecTest {

  static final StoredRecord REC =
      new StoredRecord("{\"a\":1}".getBytes(StandardCharsets.UTF_8), 3, 77, false);

  @Test
  void aHintSurvivesTheRoundTrip() {
    for (Hint hint :
        new Hint[] {
          new Hint("b", "k", REC, Set.of("node-c", "ñode-d")),
          new Hint("b", "k", StoredRecord.tombstone(4, 99), Set.of())
        }) {
      assertThat(HintCodec.decode("b", "k", HintCodec.encode(hint))).isEqualTo(hint);
    }
  }

  @Test
  void aHintStoredAsABareRecordHasNoStandIns() {
    assertThat(HintCodec.decode("b", "k", RecordCodec.encode(REC)))
        .isEqualTo(new Hint("b", "k", REC, Set.of()));
  }
}
