package dev.dronedispatch.kv.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BatchOrderTest {

  @Test
  void operationsOnOneKeyFormOneChainInBatchOrder() {
    assertThat(BatchOrder.chains(List.of("a", "b", "a", "c", "b", "a")))
        .containsExactly(List.of(0, 2, 5), List.of(1, 4), List.of(3));
  }

  @Test
  void distinctKeysAreIndependentChains() {
    assertThat(BatchOrder.chains(List.of("x", "y", "z")))
        .containsExactly(List.of(0), List.of(1), List.of(2));
  }
}
