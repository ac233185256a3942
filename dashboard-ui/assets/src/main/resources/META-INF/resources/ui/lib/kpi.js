// KPI helpers: counting the fleet, rolling windows, percentiles, and choosing between the
// gateway's `kpi` event and the dashboard's own estimate. Pure: no DOM, time is passed in.

import { CLASSES, isFleetMember, isVisible, STATUSES } from './fleet.js';
import { FAILURE_REASONS, failureCounts } from './failures.js';

/** A server KPI older than this is considered stale and the local estimate is shown. */
export const SERVER_KPI_MAX_AGE_MS = 5000;

/** Fleet members by status and by class (every status and class present, zero when none). */
export function countDrones(state) {
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  const byClass = Object.fromEntries(CLASSES.map((c) => [c, 0]));
  let total = 0;
  for (const d of state.drones.values()) {
    if (isFleetMember(state, d)) {
      total++;
      byStatus[d.status]++;
      byClass[d.type]++;
    }
  }
  return { total, drones_by_status: byStatus, drones_by_class: byClass };
}

/**
 * Drawn drones per zone ({name: {drones, busy, charging}}), for the labels on the map; `zoneOf`
 * is the gateway's point-in-zone rule.
 */
export function countByZone(state, zoneOf) {
  const out = {};
  const zones = state.zones;
  if (!zones) {
    return out;
  }
  for (const z of zones.zones) {
    out[z.name] = { drones: 0, busy: 0, charging: 0 };
  }
  for (const d of state.drones.values()) {
    if (!isVisible(state, d)) {
      continue;
    }
    const name = zoneOf(zones, d.lat, d.lon);
    const c = name && out[name];
    if (c) {
      c.drones++;
      if (d.status === 'busy') {
        c.busy++;
      } else if (d.status === 'charging') {
        c.charging++;
      }
    }
  }
  return out;
}

/** Nearest-rank percentile of an unsorted array of numbers; null when empty. */
export function percentile(values, p) {
  if (!values || values.length === 0) {
    return null;
  }
  const sorted = Float64Array.from(values).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/**
 * Samples (time, value) kept for a sliding window of `windowMs` and at most `max` of them.
 * Times are whatever clock the caller uses consistently (the dashboard uses its receive time).
 */
export class RollingWindow {
  constructor(windowMs, max = 5000) {
    this.windowMs = windowMs;
    this.max = max;
    this.times = [];
    this.vals = [];
  }

  add(t, v = 1) {
    this.times.push(t);
    this.vals.push(v);
    if (this.times.length > this.max) {
      const drop = this.times.length - this.max;
      this.times.splice(0, drop);
      this.vals.splice(0, drop);
    }
  }

  prune(now) {
    const cutoff = now - this.windowMs;
    let i = 0;
    while (i < this.times.length && this.times[i] < cutoff) {
      i++;
    }
    if (i > 0) {
      this.times.splice(0, i);
      this.vals.splice(0, i);
    }
  }

  count(now) {
    this.prune(now);
    return this.times.length;
  }

  values(now) {
    this.prune(now);
    return this.vals;
  }
}

/** Per-minute rate from a window's count, scaled when the window is not one minute long. */
export function perMinute(window, now) {
  return (window.count(now) * 60000) / window.windowMs;
}

/**
 * The dashboard's own estimate, in the gateway's KPI shape, from what it has seen: the drones it
 * tracks, the deliveries it loaded or heard of, and the latencies of the status events it received.
 */
export function localKpis(state, now) {
  const fleet = countDrones(state);
  let pending = 0;
  let oldestPendingMs = null;
  for (const d of state.deliveries.values()) {
    if (d.status === 'pending') {
      pending++;
      if (d.requested_ms != null && (oldestPendingMs == null || d.requested_ms < oldestPendingMs)) {
        oldestPendingMs = d.requested_ms;
      }
    }
  }
  const assign = state.samples.assignLatency.values(now);
  const deliver = state.samples.deliverLatency.values(now);
  return {
    ts: new Date(now).toISOString(),
    drones_by_status: fleet.drones_by_status,
    drones_by_class: fleet.drones_by_class,
    pending,
    oldest_pending_age_s: oldestPendingMs == null ? 0 : Math.max(0, (now - oldestPendingMs) / 1000),
    active_deliveries: state.active.size,
    deliveries_per_minute: perMinute(state.samples.delivered, now),
    assign_latency_ms: { p50: percentile(assign, 50), p95: percentile(assign, 95) },
    deliver_latency_ms: { p50: percentile(deliver, 50), p95: percentile(deliver, 95) },
    failed_last_hour: failureCounts(state, now),
  };
}

/**
 * What the KPI panel shows. Drone counts and active deliveries always come from the page's model,
 * the one the map and the tables draw (so they agree); backlog, throughput, failures and latencies
 * come from the gateway's `kpi` event while it is fresh, else from the local estimate. `source`
 * says which.
 */
export function displayedKpis(state, now) {
  const local = localKpis(state, now);
  const server = state.serverKpi;
  const fresh = server && now - server.receivedMs <= SERVER_KPI_MAX_AGE_MS;
  if (!fresh) {
    return { ...local, source: 'local' };
  }
  const k = server.data;
  const num = (v, fallback) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
  const lat = (v, fallback) => ({
    p50: v && typeof v.p50 === 'number' ? v.p50 : fallback.p50,
    p95: v && typeof v.p95 === 'number' ? v.p95 : fallback.p95,
  });
  return {
    ts: k.ts || local.ts,
    drones_by_status: local.drones_by_status,
    drones_by_class: local.drones_by_class,
    pending: num(k.pending, local.pending),
    oldest_pending_age_s: num(k.oldest_pending_age_s, local.oldest_pending_age_s),
    active_deliveries: local.active_deliveries,
    deliveries_per_minute: num(k.deliveries_per_minute, local.deliveries_per_minute),
    assign_latency_ms: lat(k.assign_latency_ms, local.assign_latency_ms),
    deliver_latency_ms: lat(k.deliver_latency_ms, local.deliver_latency_ms),
    failed_last_hour: failures(k.failed_last_hour, local.failed_last_hour),
    source: 'server',
  };
}

/** The gateway's failure counts when it sends them (an older one does not), else the fallback. */
function failures(v, fallback) {
  if (!v || typeof v.total !== 'number' || !v.by_reason || typeof v.by_reason !== 'object') {
    return fallback;
  }
  const known = Object.fromEntries(Object.keys(FAILURE_REASONS).map((r) => [r, 0]));
  return { total: v.total, by_reason: { ...known, ...v.by_reason } };
}

/**
 * Admission control as the gateway's fresh `kpi` event reports it: `state` is `open`, `closed`,
 * `warming_up`, or `unknown` without a fresh report; `closed` lists the refused classes, in class
 * order, with their figures (`weight_class`, `pending`, `estimated_wait_s`, `basis`).
 */
export function admissionStatus(state, now) {
  const server = state.serverKpi;
  const a = server && now - server.receivedMs <= SERVER_KPI_MAX_AGE_MS ? server.data.admission : null;
  if (!a || typeof a !== 'object') {
    return { state: 'unknown', max_wait_s: null, closed: [] };
  }
  const classes = a.classes && typeof a.classes === 'object' ? a.classes : {};
  const closed = CLASSES.map((c) => classes[c]).filter((v) => v && v.closed === true);
  return {
    state: closed.length > 0 ? 'closed' : a.state === 'warming_up' ? 'warming_up' : 'open',
    max_wait_s: typeof a.max_wait_s === 'number' ? a.max_wait_s : null,
    closed: closed.map((v) => ({
      weight_class: v.weight_class,
      pending: v.pending,
      estimated_wait_s: v.estimated_wait_s,
      basis: v.basis,
    })),
  };
}

/** "850 ms", "3.2 s", "4m 05s", "—" for null. */
export function formatDuration(ms) {
  if (ms == null || !Number.isFinite(ms)) {
    return '—';
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  const s = ms / 1000;
  if (s < 60) {
    return `${s.toFixed(1)} s`;
  }
  const m = Math.floor(s / 60);
  if (m < 60) {
    return `${m}m ${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  }
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** Integers with thin grouping ("5 000"), one decimal below 100 when fractional. */
export function formatCount(v) {
  if (v == null || !Number.isFinite(v)) {
    return '—';
  }
  if (!Number.isInteger(v) && Math.abs(v) < 100) {
    return v.toFixed(1);
  }
  return Math.round(v)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
}
