package dev.dronedispatch.kv.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HashRingTest {

  static List<NodeRef> nodes(String... ids) {
    return java.util.Arrays.stream(ids).map(i -> new NodeRef(i, "http://" + i)).toList();
  }

  @Test
  void preferenceListHasRfDistinctNodesAndIsStable() {
    HashRing ring = new HashRing(nodes("a", "b", "c"), 128);
    for (int i = 0; i < 1000; i++) {
      List<NodeRef> p = ring.preferenceList("key-" + i, 2);
      assertThat(p).hasSize(2).doesNotHaveDuplicates();
      assertThat(new HashRing(nodes("c", "a", "b"), 128).preferenceList("key-" + i, 2))
          .isEqualTo(p);
    }
    assertThat(ring.walk("x")).hasSize(3).doesNotHaveDuplicates();
  }

  @Test
  void everyKeyOfASegmentHasTheSegmentsPreferenceList() {
    HashRing ring = new HashRing(nodes("a", "b", "c"), 128);
    assertThat(ring.segments().count()).isEqualTo(3 * 128);
    for (int i = 0; i < 1000; i++) {
      String key = "key-" + i;
      assertThat(ring.preferenceListOfSegment(ring.segments().segmentOf(key), 2))
          .isEqualTo(ring.preferenceList(key, 2));
    }
  }

  @Test
  void keysSpreadEvenlyOverNodes() {
    HashRing ring = new HashRing(nodes("a", "b", "c"), 128);
    Map<String, Integer> primaries = new HashMap<>();
    for (int i = 0; i < 30_000; i++) {
      primaries.merge(ring.walk("k" + i).get(0).id(), 1, Integer::sum);
    }
    assertThat(primaries.values()).allSatisfy(n -> assertThat(n).isBetween(7_500, 12_500));
  }

  @Test
  void addingANodeMovesOnlyAboutItsShareOfKeys() {
    HashRing three = new HashRing(nodes("a", "b", "c"), 128);
    HashRing four = new HashRing(nodes("a", "b", "c", "d"), 128);
    int moved = 0;
    int total = 20_000;
    for (int i = 0; i < total; i++) {
      NodeRef before = three.walk("k" + i).get(0);
      NodeRef after = four.walk("k" + i).get(0);
      if (!before.equals(after)) {
        moved++;
        assertThat(after.id()).isEqualTo("d");
      }
    }
    // hash-mod-N would move about 3/4 of the keys; a ring moves about 1/4
    assertThat((double) moved / total).isBetween(0.15, 0.35);
  }
}
