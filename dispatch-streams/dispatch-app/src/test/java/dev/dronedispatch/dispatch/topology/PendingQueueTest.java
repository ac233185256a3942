package dev.dronedispatch.dispatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.dispatch.backlog.BacklogReport;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import dev.dronedispatch.model.topics.JsonSerde;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PendingQueueTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private static final GeoPoint A = new GeoPoint(41.9, 12.5);

  private KeyValueStore<String, DeliveryRequested> byAge;
  private KeyValueStore<String, String> ids;
  private PendingQueue queue;

  @BeforeEach
  void setUp() {
    MockProcessorContext<String, Outbound> ctx = new MockProcessorContext<>();
    byAge =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("by-age"),
                Serdes.String(),
                new JsonSerde<>(DeliveryRequested.class))
            .withLoggingDisabled()
            .build();
    byAge.init(ctx.getStateStoreContext(), byAge);
    ids =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("ids"), Serdes.String(), Serdes.String())
            .withLoggingDisabled()
            .build();
    ids.init(ctx.getStateStoreContext(), ids);
    queue = new PendingQueue(byAge, ids);
  }

  private static DeliveryRequested req(String id, WeightClass c, long secondsAfterT0) {
    return new DeliveryRequested(id, A, A, 1, c, null, null, T0.plusSeconds(secondsAfterT0));
  }

  @Test
  void deliveriesComeOutOldestFirstWhateverOrderTheyArrivedIn() {
    queue.add(req("c", WeightClass.LIGHT, 30), 0);
    queue.add(req("a", WeightClass.HEAVY, 10), 0);
    queue.add(req("b", WeightClass.LIGHT, 20), 0);
    queue.takeNewArrivals();

    assertThat(queue.oldest(10)).extracting(DeliveryRequested::id).containsExactly("a", "b", "c");
    assertThat(queue.oldest(2)).extracting(DeliveryRequested::id).containsExactly("a", "b");
  }

  @Test
  void aClassHasWaitingDeliveriesFromItsFirstTriedArrivalUntilTheLastLeaves() {
    DeliveryRequested light = req("a", WeightClass.LIGHT, 0);
    queue.add(light, 0);
    assertThat(queue.contains("a")).isTrue();
    assertThat(queue.hasWaiting(WeightClass.LIGHT)).isFalse(); // new, not yet tried

    assertThat(queue.takeNewArrivals()).containsExactly(light);
    assertThat(queue.hasWaiting(WeightClass.LIGHT)).isTrue(); // tried and kept: it waits
    assertThat(queue.hasWaiting(WeightClass.HEAVY)).isFalse();

    queue.remove(light);
    queue.remove(light); // a second removal changes nothing
    assertThat(queue.hasWaiting(WeightClass.LIGHT)).isFalse();
    assertThat(queue.contains("a")).isFalse();
  }

  @Test
  void aRequestIsANewArrivalOnlyWhenNoOlderOfItsClassWaits() {
    DeliveryRequested first = req("l1", WeightClass.LIGHT, 0);
    queue.add(first, 0);
    queue.takeNewArrivals(); // l1 tried, kept: it waits
    DeliveryRequested second = req("l2", WeightClass.LIGHT, 1);
    DeliveryRequested heavy = req("h1", WeightClass.HEAVY, 2);
    DeliveryRequested third = req("h2", WeightClass.HEAVY, 3);
    queue.add(second, 0);
    queue.add(heavy, 0);
    queue.add(third, 0);

    // l2 queues behind l1; both heavies arrived with no heavy waiting, in arrival order
    assertThat(queue.newArrivalCount()).isEqualTo(2);
    assertThat(queue.takeNewArrivals()).containsExactly(heavy, third);
    assertThat(queue.newArrivalCount()).isZero();
    assertThat(queue.oldest(10))
        .extracting(DeliveryRequested::id)
        .containsExactly("l1", "l2", "h1", "h2");
  }

  @Test
  void aNewArrivalAssignedBeforeItsBatchIsNoLongerNew() {
    DeliveryRequested light = req("a", WeightClass.LIGHT, 0);
    queue.add(light, 0);
    queue.remove(light);
    assertThat(queue.newArrivalCount()).isZero();
    assertThat(queue.hasWaiting(WeightClass.LIGHT)).isFalse();
  }

  @Test
  void afterARestartEveryStoredDeliveryWaitsForTheRound() {
    queue.add(req("a", WeightClass.MEDIUM, 0), 0);
    PendingQueue restored = new PendingQueue(byAge, ids);
    assertThat(restored.newArrivalCount()).isZero();
    assertThat(restored.hasWaiting(WeightClass.MEDIUM)).isTrue();
  }

  @Test
  void theReportShowsTheOldestOfEachClassAndAWindowOfTheOldestWaiting() {
    for (int i = 0; i < 5; i++) {
      queue.add(req("l" + i, WeightClass.LIGHT, i), 0);
    }
    queue.add(req("h0", WeightClass.HEAVY, 100), 0);

    BacklogReport r = queue.report(3, T0, 2, 500);
    assertThat(r.partition()).isEqualTo(3);
    assertThat(r.pending()).containsEntry(WeightClass.LIGHT, 5).containsEntry(WeightClass.HEAVY, 1);
    assertThat(r.oldest())
        .containsEntry(WeightClass.LIGHT, T0)
        .containsEntry(WeightClass.HEAVY, T0.plusSeconds(100));
    assertThat(r.waiting()).extracting(DeliveryRequested::id).containsExactly("l0", "l1", "h0");
  }

  @Test
  void aRequestWithoutATimeQueuesAtItsRecordTime() {
    queue.add(new DeliveryRequested("late", A, A, 1, WeightClass.LIGHT, null, null, null), 5);
    queue.add(req("early", WeightClass.LIGHT, 0), 0);
    queue.takeNewArrivals();
    assertThat(queue.oldest(10)).extracting(DeliveryRequested::id).containsExactly("late", "early");
  }

  @Test
  void newArrivalsAreLeftToTheirOwnBatchUntilTaken() {
    queue.add(req("l1", WeightClass.LIGHT, 1), 0);
    queue.takeNewArrivals(); // l1 was not assigned in its batch: it waits for the round
    queue.add(req("l2", WeightClass.LIGHT, 2), 0); // queues behind l1: not new
    queue.add(req("h1", WeightClass.HEAVY, 3), 0);

    assertThat(queue.oldest(10)).extracting(DeliveryRequested::id).containsExactly("l1", "l2");
    queue.takeNewArrivals();
    assertThat(queue.oldest(10))
        .extracting(DeliveryRequested::id)
        .containsExactly("l1", "l2", "h1");
  }
}
