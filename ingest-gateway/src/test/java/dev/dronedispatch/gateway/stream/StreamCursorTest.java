package dev.dronedispatch.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamCursorTest {

  @Test
  void encodesAndParsesBack() {
    StreamCursor c =
        StreamCursor.empty()
            .advanced(EventKind.DELIVERY, 0, 11)
            .advanced(EventKind.DELIVERY, 3, 4)
            .advanced(EventKind.FLEET, 1, 0);
    assertThat(c.encode()).isEqualTo("f:1=1;s:0=12,3=5");
    assertThat(StreamCursor.parse(c.encode())).contains(c);
    assertThat(StreamCursor.fromEventId("s:0:11|" + c.encode())).contains(c);
  }

  @Test
  void neverMovesBackwardsAndMaxTakesTheFurtherPosition() {
    StreamCursor c = StreamCursor.empty().advanced(EventKind.DELIVERY, 0, 10);
    assertThat(c.advanced(EventKind.DELIVERY, 0, 3)).isEqualTo(c);
    StreamCursor other =
        StreamCursor.empty().advanced(EventKind.DELIVERY, 0, 5).advanced(EventKind.FLEET, 2, 7);
    StreamCursor max = c.max(other);
    assertThat(max.next(EventKind.DELIVERY, 0)).contains(11L);
    assertThat(max.next(EventKind.FLEET, 2)).contains(8L);
  }

  @Test
  void garbageIsNotACursor() {
    assertThat(StreamCursor.fromEventId(null)).isEmpty();
    assertThat(StreamCursor.fromEventId("42")).isEmpty();
    assertThat(StreamCursor.fromEventId("k|")).isEmpty();
    assertThat(StreamCursor.parse("s:0=x")).isEmpty();
    assertThat(StreamCursor.parse("t:0=1")).isEmpty();
    assertThat(StreamCursor.parse("s:-1=1")).isEmpty();
    assertThat(StreamCursor.parse("zz")).isEmpty();
  }
}
