package dev.dronedispatch.dispatch.topology;

import static dev.dronedispatch.dispatch.topology.DispatchTopologyTest.NEAR_DEST;
import static dev.dronedispatch.dispatch.topology.DispatchTopologyTest.ORIGIN;
import static dev.dronedispatch.dispatch.topology.DispatchTopologyTest.east;
import static dev.dronedispatch.dispatch.topology.DispatchTopologyTest.north;
import static dev.dronedispatch.model.geo.WeightClass.LIGHT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.model.delivery.DeliveryStatus;
import dev.dronedispatch.model.events.AssignmentDecision;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import dev.dronedispatch.model.events.DeliveryWaiting;
import dev.dronedispatch.model.fleet.DroneStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the dispatcher records of its decisions: runners-up, and why a delivery still waits. */
class DecisionRecordsTopologyTest {

  @Test
  void anAssignmentNamesItsRunnersUpAndTheKeyEachLostOn() {
    try (DispatchDriver d = new DispatchDriver()) {
      d.idle("drone-1", LIGHT, north(ORIGIN, 0.50), 60); // bucket 2, the lower battery wins
      d.idle("drone-2", LIGHT, north(ORIGIN, 0.52), 90); // bucket 2
      d.idle("drone-3", LIGHT, east(ORIGIN, 0.45), 95); // bucket 2, the fullest
      d.idle("drone-4", LIGHT, north(ORIGIN, 0.1), 20); // critical: rejected, never a runner-up
      d.request("del-1", ORIGIN, NEAR_DEST, 1.0);

      AssignmentDecision decision = d.statusEvents().get(0).decision();
      assertThat(decision.chosen().droneId()).isEqualTo("drone-1");
      assertThat(decision.chosen().lostOn()).isNull();
      assertThat(decision.runnersUp())
          .extracting(AssignmentDecision.RankKeys::droneId, AssignmentDecision.RankKeys::lostOn)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("drone-2", "battery"),
              org.assertj.core.groups.Tuple.tuple("drone-3", "battery"));
      assertThat(decision.rejections()).containsEntry("battery_critical", 1);
      assertThat(d.waitingEvents()).as("assigned at once: it never waited").isEmpty();
    }
  }

  @Test
  void aWaitingDeliveryIsExplainedOncePerReasonUntilItIsAssigned() {
    try (DispatchDriver d = new DispatchDriver(Map.of("MAX_PICKUP_KM", "2"))) {
      d.request("del-1", ORIGIN, NEAR_DEST, 1.0);
      d.tick();
      d.tick();
      assertThat(reasons(d.waitingEvents())).containsExactly("no_idle_drone");

      d.idle("drone-far", LIGHT, north(ORIGIN, 5), 90);
      d.tick();
      d.tick();
      d.idle("drone-low", LIGHT, north(ORIGIN, 0.3), 20);
      d.tick();
      d.tick();
      List<DeliveryWaiting> changes = d.waitingEvents();
      // the critical drone is sent charging by the pick that rejected it: out of range again
      assertThat(reasons(changes))
          .containsExactly("out_of_range", "battery_critical", "out_of_range");
      DeliveryWaiting critical = changes.get(1);
      assertThat(critical.deliveryId()).isEqualTo("del-1");
      assertThat(critical.candidatesConsidered()).isEqualTo(1);
      assertThat(critical.rejections()).isEqualTo(Map.of("battery_critical", 1));
      assertThat(critical.requestedAt()).isEqualTo(DispatchDriver.T0);

      d.drone("drone-busy", LIGHT, DroneStatus.BUSY, north(ORIGIN, 0.2), 90);
      d.idle("drone-ok", LIGHT, north(ORIGIN, 0.4), 90);
      d.tick();
      d.tick();
      assertThat(d.statusEvents())
          .extracting(DeliveryStatusChanged::status)
          .containsExactly(DeliveryStatus.ASSIGNED);
      assertThat(d.waitingEvents()).isEmpty();
    }
  }

  private static List<String> reasons(List<DeliveryWaiting> events) {
    return events.stream().map(DeliveryWaiting::reason).toList();
  }
}
