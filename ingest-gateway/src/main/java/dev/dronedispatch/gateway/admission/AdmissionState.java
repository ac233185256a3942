package dev.dronedispatch.gateway.admission;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Admission at one evaluation, as the {@code kpi} event carries it: overall {@code state}, the
 * limit, and each class's verdict keyed by its wire name (empty while warming up).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AdmissionState(
    Instant evaluatedAt,
    boolean enabled,
    Overall state,
    long maxWaitS,
    Map<String, ClassAdmission> classes) {

  /** Closed when any class is; warming up until the event hub has read up to the topics' ends. */
  public enum Overall {
    @JsonProperty("warming_up")
    WARMING_UP,
    @JsonProperty("open")
    OPEN,
    @JsonProperty("closed")
    CLOSED
  }

  public AdmissionState {
    classes = Map.copyOf(classes);
  }
}
