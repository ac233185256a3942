package dev.dronedispatch.gateway.stream;

import dev.dronedispatch.model.topics.Topics;

/**
 * The kinds of /stream events: their SSE event name, id code and source topic. Two kinds are sent
 * as {@code delivery} events: status changes and new orders ({@link StreamEvent#requested}); each
 * keeps its own code because each topic has its own partitions and offsets in the resume cursor.
 */
public enum EventKind {
  DELIVERY("delivery", "s", Topics.DELIVERIES_STATUS.name(), true),
  REQUESTED("delivery", "r", Topics.DELIVERIES_REQUESTED.name(), true),
  FLEET("fleet", "f", Topics.FLEET_EVENTS.name(), true),
  TELEMETRY("telemetry", "t", Topics.DRONES_TELEMETRY.name(), false),
  KPI("kpi", "k", null, false);

  private final String eventName;
  private final String code;
  private final String topic;
  private final boolean resumable;

  EventKind(String eventName, String code, String topic, boolean resumable) {
    this.eventName = eventName;
    this.code = code;
    this.topic = topic;
    this.resumable = resumable;
  }

  public String eventName() {
    return eventName;
  }

  public String code() {
    return code;
  }

  public String topic() {
    return topic;
  }

  /**
   * Whether a reconnect replays it from the topic. Telemetry is conflated state (the latest per
   * drone is re-sent instead), KPIs are periodic.
   */
  public boolean resumable() {
    return resumable;
  }

  public static EventKind ofCode(String code) {
    for (EventKind k : values()) {
      if (k.code.equals(code)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown event code " + code);
  }
}
