package dev.dronedispatch.kv.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dronedispatch.kv.client.Expectation;
import dev.dronedispatch.kv.client.Fence;
import dev.dronedispatch.kv.clock.HybridLogicalClock;
import dev.dronedispatch.kv.digest.RecordVersion;
import dev.dronedispatch.kv.digest.RingSegments;
import dev.dronedispatch.kv.digest.SegmentDigest;
import dev.dronedispatch.kv.lock.LockAction;
import dev.dronedispatch.kv.lock.LockOutcome;
import dev.dronedispatch.kv.ops.NodeOp;
import dev.dronedispatch.kv.ops.NodeOpResult;
import dev.dronedispatch.kv.storage.CasOutcome;
import dev.dronedispatch.kv.storage.KeyedRecord;
import dev.dronedispatch.kv.storage.RocksEngine;
import dev.dronedispatch.kv.storage.StoredRecord;
import dev.dronedispatch.kv.web.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's storage on a real RocksDB in a temporary directory. */
class NodeStoreTest {

  @TempDir Path dir;
  final AtomicLong wall = new AtomicLong(1_000_000);

  NodeStore open(long items, long bytes) {
    return new NodeStore(
        new RocksEngine(dir, true), items, bytes, new HybridLogicalClock(wall::get), wall::get);
  }

  static byte[] b(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void writesSurviveReopenAndTheClockResumesAboveThem() {
    long ts;
    try (NodeStore s = open(100, 1 << 20)) {
      s.write("k", b("{\"a\":1}"));
      ts = s.write("k", b("{\"a\":2}")).ts();
      s.write("gone", b("1"));
      s.write("gone", null);
    }
    wall.set(10); // the wall clock stepped back while the node was down
    try (NodeStore s = open(100, 1 << 20)) {
      StoredRecord r = s.get("k").orElseThrow();
      assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":2}");
      assertThat(r.version()).isEqualTo(2);
      assertThat(s.get("gone").orElseThrow().tombstone()).isTrue();
      assertThat(s.write("k", b("3")).ts()).isGreaterThan(ts);
    }
  }

  @Test
  void aWriteGroupIsDecidedInOrderAndPersistedTogether() {
    try (NodeStore s = open(100, 1 << 20)) {
      StoredRecord held = s.write("held", b("\"old\""));
      StoredRecord newer = new StoredRecord(b("\"new\""), 5, held.ts() + 10, false);
      List<NodeOpResult> results =
          s.writeAll(
              List.of(
                  new NodeOp.Cas("c", Expectation.absent(), b("1"), 0, Optional.empty()),
                  // sees the CAS just before it in the same group
                  new NodeOp.Cas("c", Expectation.version(1), b("2"), 0, Optional.empty()),
                  new NodeOp.Cas("c", Expectation.version(1), b("3"), 0, Optional.empty()),
                  new NodeOp.Apply("held", newer),
                  new NodeOp.Apply("held", new StoredRecord(b("\"stale\""), 9, 1, false))));
      assertThat(((NodeOpResult.CasDone) results.get(0)).outcome())
          .isInstanceOf(CasOutcome.Applied.class);
      CasOutcome second = ((NodeOpResult.CasDone) results.get(1)).outcome();
      assertThat(((CasOutcome.Applied) second).record().version()).isEqualTo(2);
      CasOutcome third = ((NodeOpResult.CasDone) results.get(2)).outcome();
      assertThat(((CasOutcome.Conflict) third).current().version()).isEqualTo(2);
      assertThat(((NodeOpResult.Applied) results.get(3)).applied()).isTrue();
      NodeOpResult.Applied stale = (NodeOpResult.Applied) results.get(4);
      assertThat(stale.applied()).isFalse();
      assertThat(stale.stored()).isEqualTo(newer);
    }
    try (NodeStore s = open(100, 1 << 20)) {
      assertThat(new String(s.get("c").orElseThrow().value(), StandardCharsets.UTF_8))
          .isEqualTo("2");
      assertThat(new String(s.get("held").orElseThrow().value(), StandardCharsets.UTF_8))
          .isEqualTo("\"new\"");
    }
  }

  @Test
  void aStandInCopyIsReleasedOnlyIfNotNewerThanWhatWasHandedBack() {
    try (NodeStore s = open(100, 1 << 20)) {
      StoredRecord handedBack = new StoredRecord(b("\"v2\""), 2, 2_000, false);
      s.apply("same", handedBack);
      s.apply("older", new StoredRecord(b("\"v1\""), 1, 1_000, false));
      StoredRecord newer = new StoredRecord(b("\"v3\""), 3, 3_000, false);
      s.apply("newer", newer);
      List<NodeOpResult> results =
          s.writeAll(
              List.of(
                  new NodeOp.Release("same", handedBack),
                  new NodeOp.Release("older", handedBack),
                  new NodeOp.Release("newer", handedBack),
                  new NodeOp.Release("absent", handedBack)));
      assertThat(results)
          .containsExactly(
              new NodeOpResult.Released(true),
              new NodeOpResult.Released(true),
              new NodeOpResult.Released(false),
              new NodeOpResult.Released(false));
      assertThat(s.get("same")).isEmpty();
      assertThat(s.get("older")).isEmpty();
      assertThat(s.get("newer")).contains(newer);
    }
    try (NodeStore s = open(100, 1 << 20)) {
      assertThat(s.get("same")).as("the release is durable").isEmpty();
      assertThat(s.scan("", null, 10, false, true))
          .extracting(KeyedRecord::key)
          .containsExactly("newer");
    }
  }

  @Test
  void aWriteAfterAReleaseInOneGroupIsKept() {
    try (NodeStore s = open(100, 1 << 20)) {
      StoredRecord handedBack = new StoredRecord(b("1"), 1, 1_000, false);
      StoredRecord later = new StoredRecord(b("2"), 1, 2_000, false);
      s.apply("k", handedBack);
      s.writeAll(List.of(new NodeOp.Release("k", handedBack), new NodeOp.Apply("k", later)));
      assertThat(s.get("k")).contains(later);
    }
  }

  @Test
  void fencedCasIsNotAGroupWrite() {
    try (NodeStore s = open(100, 1 << 20)) {
      assertThatThrownBy(
              () ->
                  s.writeAll(
                      List.of(
                          new NodeOp.Cas(
                              "k",
                              Expectation.absent(),
                              b("1"),
                              0,
                              Optional.of(new Fence("L", 1))))))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(s.get("k")).isEmpty();
    }
  }

  @Test
  void applyKeepsTheNewerRecord() {
    try (NodeStore s = open(100, 1 << 20)) {
      StoredRecord newer = new StoredRecord(b("\"new\""), 5, 500, false);
      assertThat(s.apply("k", newer).applied()).isTrue();
      assertThat(s.apply("k", new StoredRecord(b("\"old\""), 9, 400, false)).applied()).isFalse();
      assertThat(s.get("k").orElseThrow()).isEqualTo(newer);
      assertThat(s.apply("k", StoredRecord.tombstone(6, 600)).applied()).isTrue();
      assertThat(s.get("k").orElseThrow().tombstone()).isTrue();
    }
  }

  @Test
  void concurrentCasOnOneKeyHasExactlyOneWinnerPerVersion() throws Exception {
    try (NodeStore s = open(100, 1 << 20)) {
      s.write("hot", b("0"));
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        for (int round = 1; round <= 20; round++) {
          long version = s.get("hot").orElseThrow().version();
          List<Future<CasOutcome>> results = new ArrayList<>();
          for (int c = 0; c < 8; c++) {
            byte[] v = b(Integer.toString(round * 100 + c));
            results.add(
                pool.submit(
                    () ->
                        s.compareAndSet(
                            "hot", Expectation.version(version), v, 0, Optional.empty())));
          }
          int wins = 0;
          for (Future<CasOutcome> f : results) {
            wins += f.get() instanceof CasOutcome.Applied ? 1 : 0;
          }
          assertThat(wins).isEqualTo(1);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void casByValueComparesStructurally() {
    try (NodeStore s = open(100, 1 << 20)) {
      s.write("d", b("{\"b\":1.0,\"a\":[1,2]}"));
      CasOutcome ok =
          s.compareAndSet(
              "d",
              Expectation.value(Json.tree(b("{\"a\":[1,2],\"b\":1}"))),
              b("2"),
              0,
              Optional.empty());
      assertThat(ok).isInstanceOf(CasOutcome.Applied.class);
      CasOutcome absent = s.compareAndSet("d", Expectation.absent(), b("3"), 0, Optional.empty());
      assertThat(absent).isInstanceOf(CasOutcome.Conflict.class);
    }
  }

  @Test
  void aWriteFencedByAnOlderTokenThanOneSeenIsRefused() {
    try (NodeStore s = open(100, 1 << 20)) {
      assertThat(
              s.compareAndSet(
                  "x", Expectation.absent(), b("1"), 0, Optional.of(new Fence("drone:1", 7))))
          .isInstanceOf(CasOutcome.Applied.class);
      assertThat(
              s.compareAndSet(
                  "x", Expectation.version(1), b("2"), 0, Optional.of(new Fence("drone:1", 6))))
          .isInstanceOf(CasOutcome.Fenced.class);
      assertThat(s.highestFence("drone:1")).isEqualTo(7);
    }
  }

  @Test
  void fencingTokensGrowAcrossExpiryAndRestart() {
    long token;
    try (NodeStore s = open(100, 1 << 20)) {
      LockOutcome a = s.lock("l", new LockAction.Acquire("a", 1000), 0);
      assertThat(a.done()).isTrue();
      assertThat(s.lock("l", new LockAction.Acquire("b", 1000), 0).done()).isFalse();
      wall.addAndGet(1000);
      LockOutcome b = s.lock("l", new LockAction.Acquire("b", 1000), 0);
      assertThat(b.state().token()).isGreaterThan(a.state().token());
      token = b.state().token();
    }
    try (NodeStore s = open(100, 1 << 20)) {
      assertThat(s.lock("l", new LockAction.Acquire("c", 1000), 0).done()).isFalse();
      wall.addAndGet(5000);
      assertThat(s.lock("l", new LockAction.Acquire("c", 1000), 0).state().token())
          .isGreaterThan(token);
    }
  }

  @Test
  void cacheStaysWithinItsEntryAndByteBounds() {
    try (NodeStore s = open(50, 20_000)) {
      for (int i = 0; i < 500; i++) {
        s.write("k" + i, b("\"" + "x".repeat(i % 7 == 0 ? 2000 : 10) + "\""));
        s.get("k" + i);
      }
      s.cache().cleanUp();
      assertThat(s.cache().estimatedSize()).isLessThanOrEqualTo(50);
      long bytes = 0;
      for (var e : s.cache().asMap().entrySet()) {
        bytes += e.getValue().weight(e.getKey());
      }
      assertThat(bytes).isLessThanOrEqualTo(20_000);
      assertThat(s.get("k3").orElseThrow().version()).isEqualTo(1);
    }
  }

  @Test
  void scanHonoursPrefixStartLimitOrderAndHidesInternalKeys() {
    try (NodeStore s = open(100, 1 << 20)) {
      for (String k : List.of("a:1", "a:2", "a:3", "b:1")) {
        s.write(k, b("1"));
      }
      s.write("a:2", null);
      s.lock("a:lock", new LockAction.Acquire("o", 1000), 0);
      assertThat(s.scan("a:", null, 10, false, false))
          .extracting(KeyedRecord::key)
          .containsExactly("a:1", "a:3");
      assertThat(s.scan("a:", null, 10, false, true))
          .extracting(KeyedRecord::key)
          .containsExactly("a:1", "a:2", "a:3");
      assertThat(s.scan("a:", "a:3", 10, true, false))
          .extracting(KeyedRecord::key)
          .containsExactly("a:1");
      assertThat(s.scan("", null, 2, false, false))
          .extracting(KeyedRecord::key)
          .containsExactly("a:1", "a:3");
    }
  }

  @Test
  void digestsCoverEveryRecordTombstonesAndLocksIncludedAndVersionsListTheAskedSegments() {
    RingSegments ring =
        new RingSegments(new long[] {Long.MAX_VALUE / 2, Long.MAX_VALUE, Long.MIN_VALUE / 2});
    try (NodeStore s = open(10, 1 << 20)) {
      for (int i = 0; i < 5_000; i++) { // more than one page of the store
        s.write("k" + i, b(Integer.toString(i)));
      }
      s.write("k7", null);
      s.lock("l", new LockAction.Acquire("a", 1000), 0);

      List<SegmentDigest> digests = s.digests(ring);
      assertThat(digests).hasSize(3);
      assertThat(digests.stream().mapToLong(SegmentDigest::count).sum()).isEqualTo(5_001);

      int segment = ring.segmentOf("k7");
      List<RecordVersion> versions = s.versions(ring, Set.of(segment));
      assertThat(versions).hasSize((int) digests.get(segment).count());
      assertThat(versions).allSatisfy(v -> assertThat(ring.segmentOf(v.key())).isEqualTo(segment));
      assertThat(versions)
          .filteredOn(v -> v.key().equals("k7"))
          .singleElement()
          .satisfies(v -> assertThat(v.tombstone()).isTrue());
    }
  }

  @Test
  void aDecidedPutTakesTheNextVersionAndATimestampAboveTheCopyAndTheFloor() {
    try (NodeStore s = open(100, 1 << 20)) {
      StoredRecord first = s.write("k", b("1"));
      long floor = first.ts() + 1_000_000;
      List<NodeOpResult> results =
          s.writeAll(List.of(new NodeOp.Put("k", b("2"), floor), new NodeOp.Put("k", null, 0)));

      StoredRecord put =
          ((CasOutcome.Applied) ((NodeOpResult.CasDone) results.get(0)).outcome()).record();
      StoredRecord deleted =
          ((CasOutcome.Applied) ((NodeOpResult.CasDone) results.get(1)).outcome()).record();
      assertThat(put.version()).isEqualTo(first.version() + 1);
      assertThat(put.ts()).isGreaterThan(floor);
      assertThat(deleted.tombstone()).isTrue();
      assertThat(deleted.version()).isEqualTo(put.version() + 1);
      assertThat(deleted.ts()).isGreaterThan(put.ts());
      assertThat(s.get("k").orElseThrow().tombstone()).isTrue();
    }
  }
}
