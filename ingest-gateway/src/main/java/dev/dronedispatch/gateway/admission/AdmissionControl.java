package dev.dronedispatch.gateway.admission;

import dev.dronedispatch.model.geo.WeightClass;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds each class's admission verdict between evaluations. The event hub re-evaluates it from the
 * backlog it folds from the topics (the same on every gateway instance) at every KPI tick; requests
 * read the latest verdict. A verdict older than {@code staleAfter} (the hub stopped: Kafka is
 * unreachable) is not trusted, and orders are admitted, as while the hub warms up.
 */
public final class AdmissionControl {

  private static final Logger log = LoggerFactory.getLogger(AdmissionControl.class);

  private final AdmissionPolicy policy;
  private final Duration staleAfter;
  private final Clock clock;

  /** Classes closed at the last evaluation; written by the evaluating thread only. */
  private final Set<WeightClass> closed = EnumSet.noneOf(WeightClass.class);

  private volatile AdmissionState state;

  public AdmissionControl(AdmissionPolicy policy, Duration staleAfter, Clock clock) {
    this.policy = policy;
    this.staleAfter = staleAfter;
    this.clock = clock;
    this.state = warmingUp(clock.instant());
  }

  public Duration rateWindow() {
    return policy.rateWindow();
  }

  /** The backlog is still partial (the hub reads its look-back): nothing closes, nothing known. */
  public AdmissionState warmingUp(Instant now) {
    closed.clear();
    state =
        new AdmissionState(
            now,
            policy.enabled(),
            AdmissionState.Overall.WARMING_UP,
            policy.maxWait().toSeconds(),
            Map.of());
    return state;
  }

  /** Re-evaluates every class from its current backlog. */
  public AdmissionState update(Instant now, List<ClassBacklog> backlog) {
    Map<String, ClassAdmission> classes = new LinkedHashMap<>();
    for (ClassBacklog b : backlog) {
      boolean wasClosed = closed.contains(b.weightClass());
      ClassAdmission verdict = policy.decide(b, wasClosed);
      if (verdict.closed() != wasClosed) {
        log.info(
            "admission {} weight_class={} pending={} estimated_wait_s={} basis={}"
                + " oldest_pending_age_s={} max_wait_s={}",
            verdict.closed() ? "closed" : "reopened",
            b.weightClass().wireName(),
            verdict.pending(),
            verdict.estimatedWaitS(),
            verdict.basis().wireName(),
            verdict.oldestPendingAgeS(),
            policy.maxWait().toSeconds());
      }
      if (verdict.closed()) {
        closed.add(b.weightClass());
      } else {
        closed.remove(b.weightClass());
      }
      classes.put(b.weightClass().wireName(), verdict);
    }
    state =
        new AdmissionState(
            now,
            policy.enabled(),
            closed.isEmpty() ? AdmissionState.Overall.OPEN : AdmissionState.Overall.CLOSED,
            policy.maxWait().toSeconds(),
            classes);
    return state;
  }

  /** The latest evaluation, for the KPI stream and the metrics. */
  public AdmissionState current() {
    return state;
  }

  /** What to do with a new order of this class now. */
  public AdmissionDecision check(WeightClass weightClass) {
    AdmissionState s = state;
    boolean fresh = !s.evaluatedAt().plus(staleAfter).isBefore(clock.instant());
    Optional<ClassAdmission> verdict =
        fresh ? Optional.ofNullable(s.classes().get(weightClass.wireName())) : Optional.empty();
    if (verdict.isPresent() && verdict.get().closed()) {
      return new AdmissionDecision.Refused(verdict.get(), s.maxWaitS());
    }
    return new AdmissionDecision.Admitted(verdict);
  }
}
