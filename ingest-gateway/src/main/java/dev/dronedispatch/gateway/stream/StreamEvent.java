package dev.dronedispatch.gateway.stream;

/**
 * One /stream event before encoding: its kind, the Kafka position it came from (partition -1 and
 * offset -1 for KPIs) and its payload.
 */
public record StreamEvent(EventKind kind, int partition, long offset, Object data) {

  public static StreamEvent kpi(Kpis kpis) {
    return new StreamEvent(EventKind.KPI, -1, -1, kpis);
  }
}
