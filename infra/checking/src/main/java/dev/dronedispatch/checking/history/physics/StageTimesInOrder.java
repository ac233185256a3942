package dev.dronedispatch.checking.history.physics;

import dev.dronedispatch.checking.history.Recording;
import dev.dronedispatch.checking.history.Violation;
import dev.dronedispatch.model.delivery.DeliveryStage;
import dev.dronedispatch.model.events.DeliveryStatusChanged;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An attempt's stage timestamps never go backwards: assigned ≤ in_flight ≤ picked_up ≤ delivered by
 * {@code ts}, over the stages it has. Equal times are fine: one telemetry record can take a
 * delivery through several stages at once.
 */
public record StageTimesInOrder() implements DeliveryCheck {

  private static final Set<DeliveryStage> ASSIGNED_ON =
      EnumSet.range(DeliveryStage.ASSIGNED, DeliveryStage.DELIVERED);

  @Override
  public String name() {
    return "stage times in order";
  }

  @Override
  public Optional<Outcome> judge(DeliveryTimeline delivery, Recording recording) {
    List<DeliveryStatusChanged> stages = new ArrayList<>();
    ASSIGNED_ON.forEach(stage -> delivery.at(stage).ifPresent(stages::add));
    if (stages.size() < 2) {
      return Optional.empty();
    }
    List<String> reversed = new ArrayList<>();
    for (int i = 1; i < stages.size(); i++) {
      DeliveryStatusChanged earlier = stages.get(i - 1);
      DeliveryStatusChanged later = stages.get(i);
      if (later.ts().isBefore(earlier.ts())) {
        reversed.add(
            String.format(
                Locale.ROOT,
                "%s at %s is %.3f s before %s at %s",
                later.stage().reason(),
                later.ts(),
                Duration.between(later.ts(), earlier.ts()).toNanos() / 1e9,
                earlier.stage().reason(),
                earlier.ts()));
      }
    }
    if (reversed.isEmpty()) {
      return Optional.of(Outcome.PASSED);
    }
    DeliveryStatusChanged last = stages.get(stages.size() - 1);
    return Optional.of(
        new Outcome.Violated(
            new Violation(
                Violation.Kind.STAGE_TIME_REVERSED,
                delivery.deliveryId(),
                last.droneId(),
                String.join("; ", reversed))));
  }
}
