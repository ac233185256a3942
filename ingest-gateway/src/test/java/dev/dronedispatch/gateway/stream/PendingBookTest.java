package dev.dronedispatch.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.model.geo.WeightClass;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PendingBookTest {

  private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

  @Test
  void countsAndOldestFollowArrivalsAndDepartures() {
    PendingBook book = new PendingBook();
    book.addIfAbsent("a", T0.plusSeconds(5), WeightClass.LIGHT);
    book.addIfAbsent("b", T0, WeightClass.LIGHT);
    book.addIfAbsent("c", T0.plusSeconds(1), WeightClass.HEAVY);

    assertThat(book.size()).isEqualTo(3);
    assertThat(book.count(WeightClass.LIGHT)).isEqualTo(2);
    assertThat(book.count(WeightClass.MEDIUM)).isZero();
    assertThat(book.oldest(WeightClass.LIGHT)).contains(T0);
    assertThat(book.oldest(WeightClass.MEDIUM)).isEmpty();
    assertThat(book.oldest()).contains(T0);

    assertThat(book.remove("b")).get().extracting(PendingBook.Pending::requestedAt).isEqualTo(T0);
    assertThat(book.oldest(WeightClass.LIGHT)).contains(T0.plusSeconds(5));
    assertThat(book.oldest()).contains(T0.plusSeconds(1));
    assertThat(book.count(WeightClass.LIGHT)).isEqualTo(1);
  }

  @Test
  void deliveriesRequestedInTheSameInstantLeaveOneByOne() {
    PendingBook book = new PendingBook();
    book.addIfAbsent("a", T0, WeightClass.MEDIUM);
    book.addIfAbsent("b", T0, WeightClass.MEDIUM);
    book.remove("a");
    assertThat(book.oldest(WeightClass.MEDIUM)).contains(T0);
    assertThat(book.count(WeightClass.MEDIUM)).isEqualTo(1);
    book.remove("b");
    assertThat(book.oldest(WeightClass.MEDIUM)).isEmpty();
    assertThat(book.oldest()).isEmpty();
  }

  @Test
  void aRepeatedReportKeepsTheFirstAndARemovalOfTheUnknownChangesNothing() {
    PendingBook book = new PendingBook();
    book.addIfAbsent("a", T0, WeightClass.LIGHT);
    book.addIfAbsent("a", T0.minusSeconds(60), WeightClass.HEAVY);
    assertThat(book.remove("nope")).isEmpty();
    assertThat(book.size()).isEqualTo(1);
    assertThat(book.count(WeightClass.HEAVY)).isZero();
    assertThat(book.oldest()).contains(T0);
  }

  @Test
  void aDeliveryOfUnknownClassCountsOnlyInTheTotal() {
    PendingBook book = new PendingBook();
    book.addIfAbsent("rolled-back", T0, null);
    assertThat(book.size()).isEqualTo(1);
    for (WeightClass c : WeightClass.values()) {
      assertThat(book.count(c)).isZero();
    }
    assertThat(book.oldest()).contains(T0);
    assertThat(book.remove("rolled-back")).isPresent();
    assertThat(book.size()).isZero();
  }
}
