package dev.dronedispatch.dispatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.dispatch.fleet.FleetTransition;
import dev.dronedispatch.dispatch.fleet.FleetView;
import dev.dronedispatch.model.delivery.DeliveryDocument;
import dev.dronedispatch.model.delivery.DeliveryRequested;
import dev.dronedispatch.model.delivery.DeliveryStage;
import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.delivery.Leg;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.fleet.DroneStatus;
import dev.dronedispatch.model.geo.GeoPoint;
import dev.dronedispatch.model.geo.WeightClass;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

class DispatchOutputTest {

  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private final MockProcessorContext<String, Outbound> ctx = new MockProcessorContext<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final DispatchOutput out =
      new DispatchOutput(
          ctx,
          new FleetView(Duration.ofSeconds(5), Duration.ofSeconds(30)),
          new DispatchMetrics(registry));

  @Test
  void aStageIsAnnouncedWithItsStatusLegAndReason() {
    GeoPoint p = new GeoPoint(41.9, 12.5);
    ActiveDelivery a =
        ActiveDelivery.of(
            DeliveryDocument.pending(
                    new DeliveryRequested("d1", p, p, 1, WeightClass.LIGHT, null, null, T0))
                .assigned("drone-1", T0));

    out.stage(a, DeliveryStage.TO_DESTINATION, T0.plusSeconds(9), null);

    var forwarded = ctx.forwarded();
    assertThat(forwarded).hasSize(1);
    assertThat(forwarded.get(0).record().key()).isEqualTo("d1");
    DeliveryStatusChanged e = ((Outbound.Status) forwarded.get(0).record().value()).event();
    assertThat(e.status()).isEqualTo(DeliveryStatus.IN_FLIGHT);
    assertThat(e.leg()).isEqualTo(Leg.TO_DESTINATION);
    assertThat(e.reason()).isEqualTo("picked_up");
    assertThat(e.ts()).isEqualTo(T0.plusSeconds(9));
    assertThat(e.requestedAt()).isEqualTo(T0);
    assertThat(forwarded.get(0).record().timestamp()).isEqualTo(T0.plusSeconds(9).toEpochMilli());
  }

  @Test
  void aTransitionIsAnnouncedAndCounted() {
    out.transitioned(
        new FleetTransition("drone-1", DroneStatus.BUSY, DroneStatus.IDLE, "delivered"), T0);

    assertThat(ctx.forwarded()).hasSize(1);
    assertThat(registry.counter("dispatch.fleet.transitions", "reason", "delivered").count())
        .isEqualTo(1);
  }
}
