package dev.dronedispatch.checking.linearizability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.checking.linearizability.RegisterOp.Cas;
import dev.dronedispatch.checking.linearizability.RegisterOp.Read;
import dev.dronedispatch.checking.linearizability.RegisterOp.Write;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {

  static final long P = RegisterOp.PENDING;

  @Test
  void sequentialHistoryIsLinearizable() {
    assertThat(
            LinearizabilityChecker.check(
                List.of(
                    new Write(1, 0, 1),
                    new Read(1, 2, 3),
                    new Cas(1, 2, true, 4, 5),
                    new Read(2, 6, 7)),
                null))
        .isTrue();
  }

  @Test
  void aStaleReadAfterAWriteReturnedIsNot() {
    assertThat(
            LinearizabilityChecker.check(
                List.of(new Write(1, 0, 1), new Write(2, 2, 3), new Read(1, 4, 5)), null))
        .isFalse();
  }

  @Test
  void concurrentOpsMayTakeEitherOrder() {
    // the read overlaps the write, so it may see the old or the new value
    assertThat(
            LinearizabilityChecker.check(
                List.of(
                    new Write(1, 0, 1), new Write(2, 2, 10), new Read(1, 3, 4), new Read(2, 5, 6)),
                null))
        .isTrue();
    // but once it saw the new value a later read cannot see the old one
    assertThat(
            LinearizabilityChecker.check(
                List.of(
                    new Write(1, 0, 1), new Write(2, 2, 10), new Read(2, 3, 4), new Read(1, 5, 6)),
                null))
        .isFalse();
  }

  @Test
  void twoCasWinnersFromTheSameValueAreNotLinearizable() {
    assertThat(
            LinearizabilityChecker.check(
                List.of(new Write(0, 0, 1), new Cas(0, 1, true, 2, 5), new Cas(0, 2, true, 3, 6)),
                null))
        .isFalse();
    assertThat(
            LinearizabilityChecker.check(
                List.of(new Write(0, 0, 1), new Cas(0, 1, true, 2, 5), new Cas(0, 2, false, 3, 6)),
                null))
        .isTrue();
  }

  @Test
  void pendingOpsMayOrMayNotHaveHappened() {
    assertThat(
            LinearizabilityChecker.check(
                List.of(new Write(0, 0, 1), new Write(5, 2, P), new Read(5, 10, 11)), null))
        .isTrue();
    assertThat(
            LinearizabilityChecker.check(
                List.of(new Write(0, 0, 1), new Write(5, 2, P), new Read(0, 10, 11)), null))
        .isTrue();
    assertThat(
            LinearizabilityChecker.check(
                List.of(new Write(0, 0, 1), new Write(5, 2, P), new Read(7, 10, 11)), null))
        .isFalse();
  }

  @Test
  void aLargeRandomSequentialHistoryIsCheckedQuickly() {
    Random rnd = new Random(1);
    List<RegisterOp> ops = new ArrayList<>();
    Integer state = null;
    long t = 0;
    for (int i = 0; i < 400; i++) {
      int v = rnd.nextInt(5);
      switch (rnd.nextInt(3)) {
        case 0 -> {
          ops.add(new Write(v, t, t + 3));
          state = v;
        }
        case 1 -> ops.add(new Read(state, t, t + 3));
        default -> {
          boolean ok = java.util.Objects.equals(state, v);
          ops.add(new Cas(v, v + 10, ok, t, t + 3));
          if (ok) {
            state = v + 10;
          }
        }
      }
      t += 2; // neighbours overlap
    }
    assertThat(LinearizabilityChecker.check(ops, null)).isTrue();
  }
}
