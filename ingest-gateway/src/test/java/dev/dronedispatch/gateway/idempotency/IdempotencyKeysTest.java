package dev.dronedispatch.gateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {

  @Test
  void aMissingHeaderIsNoKeyAndAGivenOneLosesItsStructuredFieldQuotes() {
    assertThat(IdempotencyKeys.read(null)).isEqualTo(new KeyHeader.Absent());
    assertThat(IdempotencyKeys.read(" abc-123 ")).isEqualTo(new KeyHeader.Given("abc-123"));
    assertThat(IdempotencyKeys.read("\"abc-123\"").given()).contains("abc-123");
  }

  @Test
  void spacesControlCharactersEmptyAndOverlongKeysAreInvalid() {
    assertThat(IdempotencyKeys.read("a b")).isInstanceOf(KeyHeader.Invalid.class);
    assertThat(IdempotencyKeys.read("a\u0001b")).isInstanceOf(KeyHeader.Invalid.class);
    assertThat(IdempotencyKeys.read("")).isInstanceOf(KeyHeader.Invalid.class);
    assertThat(IdempotencyKeys.read("k".repeat(256))).isInstanceOf(KeyHeader.Invalid.class);
    assertThat(IdempotencyKeys.read("k".repeat(255)).given()).isPresent();
    assertThat(IdempotencyKeys.read("a b").given()).isEmpty();
  }
}
