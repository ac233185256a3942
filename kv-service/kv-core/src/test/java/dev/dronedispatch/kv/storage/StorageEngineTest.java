package dev.dronedispatch.kv.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Both engines answer alike: RocksDB on disk and the in-memory one. */
class StorageEngineTest {

  @TempDir static Path dir;

  static Stream<Arguments> engines() {
    Function<String, StorageEngine> rocks = name -> new RocksEngine(dir.resolve(name), true);
    Function<String, StorageEngine> memory = name -> new InMemoryEngine();
    return Stream.of(Arguments.of("rocksdb", rocks), Arguments.of("memory", memory));
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static List<String> keys(List<StorageEngine.Raw> raws) {
    return raws.stream().map(StorageEngine.Raw::key).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void scansHonourPrefixStartLimitOrderAndFilter(
      String name, Function<String, StorageEngine> engines) {
    try (StorageEngine e = engines.apply(name + "-scan")) {
      for (String k : List.of("a", "p:1", "p:2", "p:3", "p:é", "q")) {
        e.write(k, b(k), null, 0);
      }
      assertThat(keys(e.scan("p:", null, false, 10, (k, v) -> true)))
          .containsExactly("p:1", "p:2", "p:3", "p:é");
      assertThat(keys(e.scan("p:", "p:1", false, 2, (k, v) -> true))).containsExactly("p:2", "p:3");
      assertThat(keys(e.scan("p:", null, true, 10, (k, v) -> true)))
          .containsExactly("p:é", "p:3", "p:2", "p:1");
      assertThat(keys(e.scan("p:", "p:3", true, 10, (k, v) -> true))).containsExactly("p:2", "p:1");
      assertThat(keys(e.scan("p:", null, false, 2, (k, v) -> !k.equals("p:1"))))
          .containsExactly("p:2", "p:3");
      assertThat(keys(e.scan("", null, false, 100, (k, v) -> true))).hasSize(6);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void groupWritesDeleteAndFencesAreKept(String name, Function<String, StorageEngine> engines) {
    try (StorageEngine e = engines.apply(name + "-writes")) {
      e.write("k", b("1"), "lock", 7);
      e.writeAll(List.of(new StorageEngine.Raw("k", null), new StorageEngine.Raw("m", b("2"))));
      assertThat(e.get("k")).isNull();
      assertThat(e.get("m")).isEqualTo(b("2"));
      assertThat(e.fence("lock")).isEqualTo(7);
      assertThat(e.fence("other")).isZero();
      e.delete("m");
      assertThat(e.get("m")).isNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aClosedEngineRefusesEveryOperation(String name, Function<String, StorageEngine> engines) {
    StorageEngine e = engines.apply(name + "-closed");
    e.close();
    assertThatThrownBy(() -> e.get("k")).isInstanceOf(StoreClosedException.class);
    assertThatThrownBy(() -> e.write("k", b("1"), null, 0))
        .isInstanceOf(StoreClosedException.class);
  }
}
