import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  admissionStatus,
  countByZone,
  countDrones,
  displayedKpis,
  formatCount,
  formatDuration,
  localKpis,
  percentile,
  perMinute,
  RollingWindow,
  SERVER_KPI_MAX_AGE_MS,
} from '../../main/resources/META-INF/resources/ui/lib/kpi.js';
import { applyDelivery, createState, loadDeliveries, loadDrones, loadZones, zoneOf } from '../../main/resources/META-INF/resources/ui/lib/state.js';
import { syntheticZones } from '../../main/resources/META-INF/resources/ui/lib/synthetic.js';

const T0 = Date.parse('2026-11-23T18:00:00Z');
const iso = (ms) => new Date(ms).toISOString();

const POS = { lat: 41.9, lon: 12.45 };

test('drones are counted by status and class, with zeros for the absent ones', () => {
  const s = createState();
  loadDrones(s, {
    items: [
      { id: 'a', type: 'light', status: 'idle', pos: POS },
      { id: 'b', type: 'light', status: 'busy', pos: POS },
      { id: 'c', type: 'heavy', status: 'busy', pos: POS },
    ],
  });
  assert.deepEqual(countDrones(s), {
    total: 3,
    drones_by_status: { idle: 1, busy: 2, charging: 0, retiring: 0, lost: 0, inactive: 0 },
    drones_by_class: { light: 2, medium: 0, heavy: 1 },
  });
});

test('nearest-rank percentiles', () => {
  const v = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
  assert.equal(percentile(v, 50), 5);
  assert.equal(percentile(v, 95), 10);
  assert.equal(percentile(v, 10), 1);
  assert.equal(percentile(v, 100), 10);
  assert.equal(percentile([42], 95), 42);
  assert.equal(percentile([], 50), null);
  assert.deepEqual(v, [5, 1, 4, 2, 3, 10, 9, 8, 7, 6], 'input is not reordered');
});

test('a rolling window forgets samples older than its span and caps its size', () => {
  const w = new RollingWindow(60000, 3);
  w.add(T0, 1);
  w.add(T0 + 30000, 2);
  assert.equal(w.count(T0 + 59999), 2);
  assert.deepEqual(w.values(T0 + 60001), [2]);
  w.add(T0 + 60002, 3);
  w.add(T0 + 60003, 4);
  w.add(T0 + 60004, 5);
  assert.deepEqual(w.values(T0 + 60004), [3, 4, 5]);
  assert.equal(perMinute(w, T0 + 60004), 3);
  assert.equal(perMinute(new RollingWindow(30000), T0), 0);
});

function withTraffic() {
  const s = createState();
  loadDrones(s, { items: [{ id: 'drone-1', type: 'light', status: 'busy', pos: POS }] });
  loadDeliveries(s, {
    items: [
      { id: 'p1', status: 'pending', requested_at: iso(T0 - 30000) },
      { id: 'p2', status: 'pending', requested_at: iso(T0 - 5000) },
    ],
  });
  for (let i = 0; i < 4; i++) {
    applyDelivery(s, { delivery_id: `d${i}`, status: 'assigned', drone_id: 'drone-1', leg: 'to_origin', requested_at: iso(T0 - 10000), ts: iso(T0 - 10000 + (i + 1) * 100) }, T0);
  }
  applyDelivery(s, { delivery_id: 'd0', status: 'delivered', drone_id: 'drone-1', requested_at: iso(T0 - 10000), ts: iso(T0) }, T0);
  return s;
}

test('the local estimate computes backlog, throughput and latencies from what was seen', () => {
  const s = withTraffic();
  const k = localKpis(s, T0);
  assert.equal(k.pending, 2);
  assert.equal(k.oldest_pending_age_s, 30);
  assert.equal(k.active_deliveries, 3);
  assert.equal(k.deliveries_per_minute, 1);
  assert.deepEqual(k.assign_latency_ms, { p50: 200, p95: 400 });
  assert.deepEqual(k.deliver_latency_ms, { p50: 10000, p95: 10000 });
  assert.equal(k.drones_by_status.busy, 1);
});

test('the gateway KPI is shown while fresh, the local estimate otherwise; drones and active always local', () => {
  const s = withTraffic();
  s.serverKpi = {
    receivedMs: T0,
    data: {
      ts: iso(T0),
      drones_by_status: { idle: 999 },
      drones_by_class: { light: 999 },
      pending: 17,
      oldest_pending_age_s: 4.5,
      active_deliveries: 12,
      deliveries_per_minute: 33.5,
      assign_latency_ms: { p50: 12, p95: 40 },
      deliver_latency_ms: { p50: 9000, p95: null },
    },
  };
  const fresh = displayedKpis(s, T0 + 1000);
  assert.equal(fresh.source, 'server');
  assert.equal(fresh.pending, 17);
  assert.equal(fresh.active_deliveries, 3, 'active deliveries are the ones the table lists');
  assert.equal(fresh.deliveries_per_minute, 33.5);
  assert.deepEqual(fresh.assign_latency_ms, { p50: 12, p95: 40 });
  assert.equal(fresh.deliver_latency_ms.p50, 9000);
  assert.equal(fresh.deliver_latency_ms.p95, 10000, 'a missing figure falls back to the estimate');
  assert.equal(fresh.drones_by_status.idle, 0, 'drone counts match the drones on the map');
  const stale = displayedKpis(s, T0 + SERVER_KPI_MAX_AGE_MS + 1);
  assert.equal(stale.source, 'local');
  assert.equal(stale.pending, 2);
});

test('durations and counts are formatted for an operator', () => {
  assert.equal(formatDuration(null), '—');
  assert.equal(formatDuration(850.4), '850 ms');
  assert.equal(formatDuration(3210), '3.2 s');
  assert.equal(formatDuration(245000), '4m 05s');
  assert.equal(formatDuration(3 * 3600000 + 7 * 60000), '3h 07m');
  assert.equal(formatCount(5000), '5\u2009000');
  assert.equal(formatCount(12.34), '12.3');
  assert.equal(formatCount(0), '0');
  assert.equal(formatCount(undefined), '—');
});

test('visible drones are counted per zone for the map labels', () => {
  const s = createState();
  loadZones(s, syntheticZones(2, 2));
  loadDrones(s, {
    items: [
      { id: 'a', type: 'light', status: 'busy', pos: { lat: 41.95, lon: 12.4 } },
      { id: 'b', type: 'light', status: 'charging', pos: { lat: 41.95, lon: 12.41 } },
      { id: 'c', type: 'light', status: 'idle', pos: { lat: 41.85, lon: 12.55 } },
      { id: 'd', type: 'light', status: 'inactive', pos: { lat: 41.85, lon: 12.55 } },
      { id: 'e', type: 'light', status: 'idle', pos: { lat: 40.0, lon: 12.55 } },
    ],
  });
  assert.deepEqual(countByZone(s, zoneOf), {
    'zone 0': { drones: 2, busy: 1, charging: 1 },
    'zone 1': { drones: 0, busy: 0, charging: 0 },
    'zone 2': { drones: 0, busy: 0, charging: 0 },
    'zone 3': { drones: 1, busy: 0, charging: 0 },
  });
  assert.deepEqual(countByZone(createState(), zoneOf), {});
});

function withAdmission(admission, receivedMs = T0) {
  const s = createState();
  s.serverKpi = { receivedMs, data: { ts: iso(receivedMs), admission } };
  return s;
}

const verdict = (c, closed, over = {}) => ({
  weight_class: c,
  closed,
  pending: closed ? 1234 : 3,
  oldest_pending_age_s: 40,
  assignments_per_min: 30,
  estimated_wait_s: closed ? 2468 : 6,
  basis: 'assignment_rate',
  retry_after_s: closed ? 600 : 0,
  ...over,
});

test('admission is read from the fresh gateway KPI: the closed classes with their figures', () => {
  const open = { state: 'open', enabled: true, max_wait_s: 600, classes: { light: verdict('light', false) } };
  assert.deepEqual(admissionStatus(withAdmission(open), T0 + 1000), { state: 'open', max_wait_s: 600, closed: [] });
  const closed = {
    state: 'closed',
    enabled: true,
    max_wait_s: 600,
    classes: { heavy: verdict('heavy', true), light: verdict('light', false), medium: verdict('medium', true, { basis: 'oldest_pending', estimated_wait_s: 700 }) },
  };
  const status = admissionStatus(withAdmission(closed), T0 + 1000);
  assert.equal(status.state, 'closed');
  assert.deepEqual(
    status.closed.map((c) => [c.weight_class, c.estimated_wait_s, c.pending, c.basis]),
    [
      ['medium', 700, 1234, 'oldest_pending'],
      ['heavy', 2468, 1234, 'assignment_rate'],
    ],
  );
  assert.equal(admissionStatus(withAdmission({ state: 'warming_up', max_wait_s: 600, classes: {} }), T0).state, 'warming_up');
  assert.equal(admissionStatus(withAdmission(closed), T0 + SERVER_KPI_MAX_AGE_MS + 1).state, 'unknown', 'stale');
  assert.equal(admissionStatus(createState(), T0).state, 'unknown');
  assert.equal(admissionStatus(withAdmission(undefined), T0).state, 'unknown', 'a gateway without admission');
});

test('failures of the last hour are counted by reason: the gateway while fresh, else the model', () => {
  const s = createState();
  loadDrones(s, { items: [{ id: 'drone-1', type: 'light', status: 'lost', pos: POS }] });
  loadDeliveries(s, {
    items: [
      { id: 'f1', status: 'failed', drone_id: 'drone-1', requested_at: iso(T0 - 900000), failed_at: iso(T0 - 60000), failure_reason: 'drone_lost' },
      { id: 'f2', status: 'failed', drone_id: null, requested_at: iso(T0 - 900000), failed_at: iso(T0 - 120000), failure_reason: 'no_drone' },
      { id: 'f3', status: 'failed', drone_id: null, requested_at: iso(T0 - 9000000), failed_at: iso(T0 - 7200000), failure_reason: 'no_drone' },
    ],
  });
  const local = localKpis(s, T0);
  assert.deepEqual(local.failed_last_hour, { total: 2, by_reason: { drone_lost: 1, no_drone: 1 } });
  assert.equal(local.drones_by_status.lost, 1, 'a lost drone is a fleet member, counted apart');
  assert.equal(local.pending + local.active_deliveries, 0, 'failed is neither waiting nor in progress');

  s.serverKpi = { receivedMs: T0, data: { failed_last_hour: { total: 7, by_reason: { drone_lost: 4, no_drone: 3 } } } };
  assert.deepEqual(displayedKpis(s, T0 + 1000).failed_last_hour, { total: 7, by_reason: { drone_lost: 4, no_drone: 3 } });
  s.serverKpi = { receivedMs: T0, data: { pending: 1 } }; // a gateway that does not count failures
  assert.deepEqual(displayedKpis(s, T0 + 1000).failed_last_hour, local.failed_last_hour);
  assert.deepEqual(displayedKpis(s, T0 + SERVER_KPI_MAX_AGE_MS + 1).failed_last_hour.total, 2);
});

test('a hand-back counts the delivery waiting again in the local estimate', () => {
  const s = createState();
  const ev = (status, droneId, ms, reason) => ({ delivery_id: 'h', status, drone_id: droneId, leg: status === 'assigned' ? 'to_origin' : null, ts: iso(ms), requested_at: iso(T0 - 10000), reason });
  applyDelivery(s, ev('assigned', 'drone-1', T0 - 5000, 'assigned'), T0);
  assert.deepEqual([localKpis(s, T0).pending, localKpis(s, T0).active_deliveries], [0, 1]);
  applyDelivery(s, ev('pending', 'drone-1', T0 - 1000, 'drone_lost'), T0);
  const k = localKpis(s, T0);
  assert.deepEqual([k.pending, k.oldest_pending_age_s, k.active_deliveries], [1, 10, 0]);
});
