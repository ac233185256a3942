package dev.dronedispatch.kv.client.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CoordinatorEndpointsTest {

  private static CoordinatorEndpoints of(String urls) {
    return new CoordinatorEndpoints(
        urls,
        url ->
            new HttpConnectionPool(url, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), Map.of()));
  }

  @Test
  void aListIsSplitOnCommasAndTrimmed() {
    assertThat(CoordinatorEndpoints.parse(" http://a:9000/ ,http://b:9000,, "))
        .containsExactly("http://a:9000", "http://b:9000");
    assertThatThrownBy(() -> CoordinatorEndpoints.parse(" , "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFailureMovesToTheNextCoordinatorOnceAndTheListWraps() {
    try (CoordinatorEndpoints endpoints = of("http://a:1,http://b:2,http://c:3")) {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < 3; i++) {
        CoordinatorEndpoints.Endpoint failed = endpoints.current();
        seen.add(failed.url());
        assertThat(endpoints.moveOnFrom(failed)).isTrue();
        // a second request that failed at the same coordinator does not skip one more
        assertThat(endpoints.moveOnFrom(failed)).isFalse();
        assertThat(endpoints.current().index()).isEqualTo((failed.index() + 1) % 3);
      }
      assertThat(seen).containsExactlyInAnyOrder("http://a:1", "http://b:2", "http://c:3");
    }
  }

  @Test
  void aCoordinatorThatFailedLatelyIsPassedOver() {
    AtomicLong now = new AtomicLong(0);
    try (CoordinatorEndpoints endpoints =
        new CoordinatorEndpoints(
            "http://a:1,http://b:2,http://c:3",
            url ->
                new HttpConnectionPool(
                    url, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), Map.of()),
            now::get)) {
      CoordinatorEndpoints.Endpoint first = endpoints.current();
      endpoints.moveOnFrom(first);
      CoordinatorEndpoints.Endpoint second = endpoints.current();
      now.addAndGet(Duration.ofMillis(100).toNanos());
      endpoints.moveOnFrom(second);
      // the third, not the first that failed 100 ms ago
      assertThat(endpoints.current().index()).isEqualTo((second.index() + 1) % 3);
      now.addAndGet(Duration.ofMillis(100).toNanos());
      endpoints.moveOnFrom(endpoints.current());
      // all failed lately: the one whose failure is oldest
      assertThat(endpoints.current()).isEqualTo(first);
      now.addAndGet(CoordinatorEndpoints.COOL_OFF.toNanos());
      endpoints.moveOnFrom(endpoints.current());
      assertThat(endpoints.current()).isEqualTo(second);
    }
  }

  @Test
  void withOneCoordinatorThereIsNowhereToMove() {
    try (CoordinatorEndpoints endpoints = of("http://a:1")) {
      assertThat(endpoints.moveOnFrom(endpoints.current())).isFalse();
      assertThat(endpoints.current().url()).isEqualTo("http://a:1");
    }
  }
}
