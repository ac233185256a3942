package dev.dronedispatch.dispatch.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.dronedispatch.model.fleet.DroneDocument;
import dev.dronedispatch.model.fleet.DroneStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeasibilityBookTest {

  private final FeasibilityBook book = new FeasibilityBook(3);

  @Test
  void aDeliveryIsCountedOncePerDrone() {
    DroneDocument d = Drones.doc("drone-1", DroneStatus.IDLE, null);
    FeasibilityBook.Outcome first = book.onInfeasible(d, "a");
    assertThat(first.kind()).isEqualTo(FeasibilityBook.Kind.INCREMENT_UNIQUE);
    DroneDocument once = first.next().orElseThrow();
    assertThat(once.feasMiss()).isEqualTo(1);
    assertThat(once.feasMissSet()).containsExactly("a");
    FeasibilityBook.Outcome again = book.onInfeasible(once, "a");
    assertThat(again.kind()).isEqualTo(FeasibilityBook.Kind.DUPLICATE);
    assertThat(again.next()).isEmpty();
  }

  @Test
  void theThresholdSendsTheDroneChargingAndResetsTheCounters() {
    DroneDocument d = Drones.doc("drone-1", DroneStatus.IDLE, null);
    d = book.onInfeasible(d, "a").next().orElseThrow();
    d = book.onInfeasible(d, "b").next().orElseThrow();
    FeasibilityBook.Outcome third = book.onInfeasible(d, "c");
    assertThat(third.kind()).isEqualTo(FeasibilityBook.Kind.THRESHOLD_UNIQUE);
    assertThat(third.sendsCharging()).isTrue();
    DroneDocument charging = third.next().orElseThrow();
    assertThat(charging.status()).isEqualTo(DroneStatus.CHARGING);
    assertThat(charging.feasMiss()).isZero();
    assertThat(charging.feasMissSet()).isEmpty();
    assertThat(third.kind().logReason()).isEqualTo("pick_drone:feas_miss_threshold_unique");
  }

  @Test
  void aBusyDroneIsNotCountedAndAFeasibleOneIsReset() {
    DroneDocument busy = Drones.doc("drone-1", DroneStatus.BUSY, "x");
    assertThat(book.onInfeasible(busy, "a").next()).isEmpty();
    DroneDocument missed =
        book.onInfeasible(Drones.doc("drone-2", DroneStatus.IDLE, null), "a").next().orElseThrow();
    assertThat(book.onFeasible(missed).orElseThrow().feasMiss()).isZero();
    assertThat(book.onFeasible(Drones.doc("drone-3", DroneStatus.IDLE, null))).isEmpty();
  }

  @Test
  void aRoundsSightingsAreTalliedAsIfWrittenOneByOne() {
    DroneDocument d = Drones.doc("drone-1", DroneStatus.IDLE, null);
    FeasibilityBook.Tally tally =
        book.tally(d, List.of(missed("a"), missed("a"), missed("b"), feasible("c"), missed("d")));

    assertThat(tally.steps())
        .extracting(FeasibilityBook.Step::kind, FeasibilityBook.Step::feasMissAfter)
        .containsExactly(
            tuple(FeasibilityBook.Kind.INCREMENT_UNIQUE, 1),
            tuple(FeasibilityBook.Kind.INCREMENT_UNIQUE, 2),
            tuple(FeasibilityBook.Kind.RESET, 0),
            tuple(FeasibilityBook.Kind.INCREMENT_UNIQUE, 1));
    assertThat(tally.next().orElseThrow().feasMissSet()).containsExactly("d");
    assertThat(tally.sentCharging()).isFalse();
  }

  @Test
  void theThresholdReachedInsideARoundSendsTheDroneChargingOnce() {
    DroneDocument d = Drones.doc("drone-1", DroneStatus.IDLE, null);
    FeasibilityBook.Tally tally =
        book.tally(d, List.of(missed("a"), missed("b"), missed("c"), missed("e")));

    assertThat(tally.sentCharging()).isTrue();
    DroneDocument charging = tally.next().orElseThrow();
    assertThat(charging.status()).isEqualTo(DroneStatus.CHARGING);
    assertThat(charging.feasMiss()).isZero();
    // a charging drone is not counted any more
    assertThat(tally.steps()).hasSize(3);
  }

  @Test
  void sightingsThatChangeNothingWriteNothing() {
    DroneDocument clean = Drones.doc("drone-1", DroneStatus.IDLE, null);
    assertThat(book.tally(clean, List.of(feasible("a"))).next()).isEmpty();
    DroneDocument busy = Drones.doc("drone-2", DroneStatus.BUSY, "x");
    assertThat(book.tally(busy, List.of(missed("a"))).next()).isEmpty();
  }

  private static FeasibilityBook.Sighting missed(String delivery) {
    return new FeasibilityBook.Sighting(delivery, false);
  }

  private static FeasibilityBook.Sighting feasible(String delivery) {
    return new FeasibilityBook.Sighting(delivery, true);
  }
}
