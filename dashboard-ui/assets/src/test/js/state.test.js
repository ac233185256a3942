import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failureMark, recentFailures } from '../../main/resources/META-INF/resources/ui/lib/failures.js';
import {
  activeDeliveries,
  applyDelivery,
  applyEvent,
  applyFleet,
  applyKpi,
  applyTelemetry,
  createState,
  deliveryRank,
  deliveryStage,
  FLASH_MS,
  isTerminal,
  loadActiveDeliveries,
  loadDeliveries,
  loadDrones,
  loadZones,
  LOG_LENGTH,
  MAX_DELIVERIES,
  mergeDeliveryDocument,
  pruneFlashes,
  seedLog,
  toMillis,
  trailPoints,
  TRAIL_POINTS,
  zoneOf,
} from '../../main/resources/META-INF/resources/ui/lib/state.js';

// The default 2 x 2 grid the gateway builds (original-behaviour.md §3), as GET /zones returns it.
const ZONES = {
  bounds: { lat_min: 41.8, lat_max: 41.98, lon_min: 12.37, lon_max: 12.6 },
  rows: 2,
  cols: 2,
  zones: [
    { name: 'zone 0', row: 0, col: 0, bounds: { lat_min: 41.89, lat_max: 41.98, lon_min: 12.37, lon_max: 12.485 }, charge: { lat: 41.935, lon: 12.4275 }, neighbors: ['zone 2', 'zone 1'] },
    { name: 'zone 1', row: 0, col: 1, bounds: { lat_min: 41.89, lat_max: 41.98, lon_min: 12.485, lon_max: 12.6 }, charge: { lat: 41.935, lon: 12.5425 }, neighbors: ['zone 3', 'zone 0'] },
    { name: 'zone 2', row: 1, col: 0, bounds: { lat_min: 41.8, lat_max: 41.89, lon_min: 12.37, lon_max: 12.485 }, charge: { lat: 41.845, lon: 12.4275 }, neighbors: ['zone 0', 'zone 3'] },
    { name: 'zone 3', row: 1, col: 1, bounds: { lat_min: 41.8, lat_max: 41.89, lon_min: 12.485, lon_max: 12.6 }, charge: { lat: 41.845, lon: 12.5425 }, neighbors: ['zone 1', 'zone 2'] },
  ],
  adjacency: {},
};

const T0 = Date.parse('2026-11-23T18:00:00Z');
const iso = (ms) => new Date(ms).toISOString();

function drone(id, over = {}) {
  return { id, type: 'light', status: 'idle', battery: 90, pos: { lat: 41.9, lon: 12.45 }, speed_kmh: 40, current_delivery: null, feas_miss: 0, at_charge: false, zone: 'zone 0', ...over };
}

function telemetry(id, ms, over = {}) {
  return { drone_id: id, type: 'light', status: 'idle', pos: { lat: 41.9, lon: 12.45 }, battery: 80, at_charge: false, current_delivery: null, leg: null, speed_kmh: 40, seq: 1, ts: iso(ms), ...over };
}

function loaded() {
  const s = createState();
  loadZones(s, ZONES);
  loadDrones(s, { count: 2, items: [drone('drone-1'), drone('drone-2', { type: 'heavy', status: 'charging' })] });
  return s;
}

test('point to zone follows the gateway: first zone in list order, edges inclusive', () => {
  const s = createState();
  loadZones(s, ZONES);
  assert.equal(zoneOf(s.zones, 41.95, 12.4), 'zone 0');
  assert.equal(zoneOf(s.zones, 41.85, 12.55), 'zone 3');
  assert.equal(zoneOf(s.zones, 41.89, 12.485), 'zone 0'); // the shared corner goes to the earliest
  assert.equal(zoneOf(s.zones, 41.0, 12.4), null);
  assert.equal(zoneOf(s.zones, null, 12.4), null);
});

test('zones with camelCase bounds load the same as snake_case', () => {
  const s = createState();
  const camel = JSON.parse(JSON.stringify(ZONES).replace(/"lat_min"/g, '"latMin"').replace(/"lat_max"/g, '"latMax"').replace(/"lon_min"/g, '"lonMin"').replace(/"lon_max"/g, '"lonMax"'));
  loadZones(s, camel);
  assert.equal(zoneOf(s.zones, 41.85, 12.55), 'zone 3');
});

test('a complete drone listing is a snapshot; a partial one only adds', () => {
  const s = loaded();
  assert.equal(s.drones.size, 2);
  loadDrones(s, { count: 3, items: [drone('drone-3')] }); // partial: count > items
  assert.equal(s.drones.size, 3);
  loadDrones(s, { count: 1, items: [drone('drone-3', { status: 'busy' })] });
  assert.deepEqual([...s.drones.keys()], ['drone-3']);
  assert.equal(s.drones.get('drone-3').status, 'busy');
});

test('telemetry moves a drone and records a bounded trail', () => {
  const s = loaded();
  for (let i = 1; i <= TRAIL_POINTS + 5; i++) {
    assert.equal(applyTelemetry(s, telemetry('drone-1', T0 + i * 1000, { pos: { lat: 41.9 + i * 0.001, lon: 12.45 } }), T0), true);
  }
  const d = s.drones.get('drone-1');
  assert.ok(Math.abs(d.lat - (41.9 + (TRAIL_POINTS + 5) * 0.001)) < 1e-12);
  const trail = trailPoints(d);
  assert.equal(trail.length, TRAIL_POINTS * 2);
  assert.ok(Math.abs(trail[trail.length - 2] - d.lat) < 1e-12, 'newest point last');
  assert.ok(trail[0] < trail[trail.length - 2], 'oldest point first');
});

test('a standing drone does not grow its trail', () => {
  const s = loaded();
  applyTelemetry(s, telemetry('drone-1', T0 + 1000), T0);
  applyTelemetry(s, telemetry('drone-1', T0 + 2000), T0);
  assert.equal(s.drones.get('drone-1').trailLen, 1); // the REST position and these are the same
});

test('telemetry older than the last applied is ignored', () => {
  const s = loaded();
  applyTelemetry(s, telemetry('drone-1', T0 + 5000, { battery: 50 }), T0);
  assert.equal(applyTelemetry(s, telemetry('drone-1', T0 + 4000, { battery: 70 }), T0), false);
  assert.equal(s.drones.get('drone-1').battery, 50);
});

test("telemetry echoes the simulator's view: it cannot undo the KV's status or delivery", () => {
  const s = createState();
  loadZones(s, ZONES);
  // the gateway replays the last telemetry (sent at registration, idle) after the drone was
  // assigned: the REST snapshot already says busy
  loadDrones(s, { count: 1, items: [drone('drone-2', { status: 'busy', current_delivery: 'd-9' })] });
  applyTelemetry(s, telemetry('drone-2', T0, { status: 'idle', current_delivery: null, battery: 70 }), T0);
  const d = s.drones.get('drone-2');
  assert.equal(d.status, 'busy');
  assert.equal(d.current_delivery, 'd-9');
  assert.equal(d.battery, 70, 'physical fields do come from telemetry');
  applyTelemetry(s, telemetry('drone-2', T0 + 1000, { status: 'busy', current_delivery: 'd-9', leg: 'to_destination' }), T0);
  assert.equal(d.leg, 'to_destination');
});

test('a drone known from telemetry alone takes its status from it until a fleet event', () => {
  const s = loaded();
  applyTelemetry(s, telemetry('drone-50', T0, { status: 'inactive' }), T0);
  assert.equal(s.drones.get('drone-50').status, 'inactive');
  applyTelemetry(s, telemetry('drone-50', T0 + 1000, { status: 'idle' }), T0);
  assert.equal(s.drones.get('drone-50').status, 'idle');
  applyFleet(s, { drone_id: 'drone-50', from: 'idle', to: 'charging', ts: iso(T0 + 2000) }, T0);
  applyTelemetry(s, telemetry('drone-50', T0 + 3000, { status: 'idle' }), T0);
  assert.equal(s.drones.get('drone-50').status, 'charging');
});

test('a listing requested before a fleet event arrived does not undo that event', () => {
  const s = loaded();
  applyFleet(s, { drone_id: 'drone-1', from: 'idle', to: 'busy', reason: 'assigned', ts: iso(T0) }, 5000);
  loadDrones(s, { count: 2, items: [drone('drone-1'), drone('drone-2')] }, 4000); // sent at 4000
  assert.equal(s.drones.get('drone-1').status, 'busy');
  loadDrones(s, { count: 2, items: [drone('drone-1', { status: 'charging' }), drone('drone-2')] }, 6000);
  assert.equal(s.drones.get('drone-1').status, 'charging', 'a later listing is newer');
});

test('the fleet version moves when drones come and go, not when they move', () => {
  const s = loaded();
  const v0 = s.fleetVersion;
  applyTelemetry(s, telemetry('drone-1', T0, { pos: { lat: 41.91, lon: 12.46 } }), T0);
  assert.equal(s.fleetVersion, v0);
  applyTelemetry(s, telemetry('drone-77', T0), T0);
  assert.equal(s.fleetVersion, v0 + 1);
  loadDrones(s, { count: 1, items: [drone('drone-1')] });
  assert.equal(s.fleetVersion, v0 + 3, 'two dropped by the snapshot');
});

test('a listing does not move a drone back to the older position the KV holds', () => {
  const s = loaded();
  applyTelemetry(s, telemetry('drone-1', T0, { pos: { lat: 41.95, lon: 12.5 }, battery: 60 }), T0);
  loadDrones(s, { count: 2, items: [drone('drone-1', { battery: 75 }), drone('drone-2')] });
  const d = s.drones.get('drone-1');
  assert.deepEqual([d.lat, d.lon, d.battery], [41.95, 12.5, 60]);
  assert.equal(s.drones.get('drone-2').lat, 41.9, 'a drone without telemetry takes the KV position');
});

test('telemetry of an unknown drone adds it', () => {
  const s = loaded();
  applyTelemetry(s, telemetry('drone-99', T0, { type: 'medium', status: 'busy' }), T0);
  const d = s.drones.get('drone-99');
  assert.equal(d.type, 'medium');
  assert.equal(d.status, 'busy');
});

test('a fleet event sets the status, and telemetry cannot undo it', () => {
  const s = loaded();
  applyFleet(s, { drone_id: 'drone-1', from: 'idle', to: 'charging', reason: 'battery', ts: iso(T0 + 2000) }, T0);
  assert.equal(s.drones.get('drone-1').status, 'charging');
  applyTelemetry(s, telemetry('drone-1', T0 + 1000, { status: 'idle' }), T0); // in flight before the fleet event
  assert.equal(s.drones.get('drone-1').status, 'charging');
  applyTelemetry(s, telemetry('drone-1', T0 + 3000, { status: 'idle', battery: 99 }), T0); // lagging echo
  assert.equal(s.drones.get('drone-1').status, 'charging');
  assert.equal(s.drones.get('drone-1').battery, 99);
});

test('fleet events are logged by what they mean', () => {
  const s = loaded();
  applyFleet(s, { drone_id: 'drone-1', from: 'idle', to: 'charging', reason: 'battery', ts: iso(T0 + 1) }, T0);
  applyFleet(s, { drone_id: 'drone-1', from: 'charging', to: 'idle', reason: 'charged', ts: iso(T0 + 2) }, T0);
  applyFleet(s, { drone_id: 'drone-1', from: 'idle', to: 'retiring', reason: 'scale-down', ts: iso(T0 + 3) }, T0);
  applyFleet(s, { drone_id: 'drone-1', from: 'retiring', to: 'inactive', reason: 'charged', ts: iso(T0 + 4) }, T0);
  applyFleet(s, { drone_id: 'drone-2', from: 'inactive', to: 'idle', reason: 'scale-up', ts: iso(T0 + 5) }, T0);
  applyFleet(s, { drone_id: 'drone-2', from: 'idle', to: 'busy', reason: 'assigned', ts: iso(T0 + 6) }, T0);
  applyFleet(s, { drone_id: 'drone-2', from: 'busy', to: 'idle', reason: 'rollback', ts: iso(T0 + 7) }, T0);
  assert.deepEqual(
    s.log.map((e) => e.kind),
    ['released', 'activated', 'retired', 'retiring', 'charged', 'charging'],
  );
  assert.equal(s.drones.get('drone-1').trailLen, 0, 'an inactive drone loses its trail');
});

test('a delivery goes assigned -> in flight -> picked up -> delivered, with log, latencies and a flash', () => {
  const s = loaded();
  const req = T0;
  const ev = (status, leg, ms) => ({ delivery_id: 'd-1', status, drone_id: 'drone-1', leg, ts: iso(ms), requested_at: iso(req), reason: null, decision: null });
  let r = applyDelivery(s, ev('assigned', 'to_origin', req + 800), T0 + 800);
  assert.deepEqual(r, { changed: true, needsDocument: true }, 'no coordinates yet: fetch the document');
  assert.deepEqual([...s.active], ['d-1']);
  assert.equal(s.drones.get('drone-1').current_delivery, 'd-1');
  applyDelivery(s, ev('in_flight', 'to_origin', req + 900), T0 + 900);
  applyDelivery(s, ev('in_flight', 'to_destination', req + 5000), T0 + 5000);
  r = applyDelivery(s, ev('delivered', null, req + 12000), T0 + 12000);
  assert.equal(r.needsDocument, false);
  assert.equal(s.active.size, 0);
  assert.deepEqual(s.log.map((e) => e.kind), ['delivered', 'picked_up', 'assigned']);
  assert.deepEqual(s.samples.assignLatency.values(T0 + 12000), [800]);
  assert.deepEqual(s.samples.deliverLatency.values(T0 + 12000), [12000]);
  assert.equal(s.samples.delivered.count(T0 + 12000), 1);
  assert.equal(s.drones.get('drone-1').current_delivery, null);
  assert.equal(pruneFlashes(s, T0 + 12000 + FLASH_MS - 1), true);
  assert.equal(pruneFlashes(s, T0 + 12000 + FLASH_MS), false);
});

test('replayed and out-of-order delivery events never move back nor count twice', () => {
  const s = loaded();
  const ev = (status, leg) => ({ delivery_id: 'd-2', status, drone_id: 'drone-1', leg, ts: iso(T0 + 1000), requested_at: iso(T0) });
  applyDelivery(s, ev('delivered', null), T0);
  assert.equal(applyDelivery(s, ev('delivered', null), T0).changed, false);
  assert.equal(applyDelivery(s, ev('in_flight', 'to_destination'), T0).changed, false);
  assert.equal(applyDelivery(s, ev('assigned', 'to_origin'), T0).changed, false);
  assert.equal(s.deliveries.get('d-2').status, 'delivered');
  assert.equal(s.samples.delivered.count(T0), 1);
  assert.equal(s.log.length, 1);
});

test('a new order announced on the stream is pending at once; replayed later it never moves back', () => {
  const s = loaded();
  // the gateway's announcement of an accepted order (docs/events.md, "A new order on /stream")
  const requested = { delivery_id: 'd-new', status: 'pending', drone_id: null, leg: null, ts: iso(T0), requested_at: iso(T0), reason: 'requested', decision: null };
  assert.deepEqual(applyEvent(s, 'delivery', requested, T0 + 50), { changed: true, needsDocument: false });
  assert.equal(s.deliveries.get('d-new').status, 'pending');
  assert.equal(s.deliveries.get('d-new').requested_ms, T0);
  assert.equal(s.active.size, 0, 'waiting for a drone is not in progress');
  applyEvent(s, 'delivery', { ...requested, status: 'assigned', drone_id: 'drone-1', leg: 'to_origin', ts: iso(T0 + 800), reason: 'assigned' }, T0 + 800);
  assert.equal(applyEvent(s, 'delivery', requested, T0 + 900).changed, false, 'replayed after its assignment');
  assert.equal(s.deliveries.get('d-new').status, 'assigned');
  assert.deepEqual(s.samples.assignLatency.values(T0 + 900), [800]);
});

test('documents from REST merge coordinates but never move a delivery back', () => {
  const s = loaded();
  applyDelivery(s, { delivery_id: 'd-3', status: 'in_flight', drone_id: 'drone-2', leg: 'to_destination', ts: iso(T0 + 2000), requested_at: iso(T0) }, T0);
  loadDeliveries(s, {
    count: 2,
    items: [
      { id: 'd-4', status: 'pending', drone_id: null, origin: { lat: 41.9, lon: 12.4 }, destination: { lat: 41.85, lon: 12.5 }, weight: 2.5, weight_class: 'light', origin_zone: 'zone 0', destination_zone: 'zone 3', timestamp: (T0 + 5000) / 1000, leg: null, requested_at: iso(T0 + 5000) },
      { id: 'd-3', status: 'assigned', drone_id: 'drone-2', origin: { lat: 41.95, lon: 12.4 }, destination: { lat: 41.82, lon: 12.55 }, weight: 6, origin_zone: 'zone 0', destination_zone: 'zone 3', timestamp: T0 / 1000, leg: 'to_origin', requested_at: iso(T0) },
    ],
  });
  const d3 = s.deliveries.get('d-3');
  assert.equal(d3.status, 'in_flight');
  assert.equal(d3.leg, 'to_destination');
  assert.deepEqual(d3.origin, { lat: 41.95, lon: 12.4 });
  assert.equal(s.deliveries.get('d-4').requested_ms, T0 + 5000);
  assert.deepEqual(activeDeliveries(s).map((d) => d.id), ['d-3']);
});

test('active deliveries are listed newest request first', () => {
  const s = loaded();
  for (const [id, ms] of [
    ['a', T0 + 1000],
    ['b', T0 + 3000],
    ['c', T0 + 2000],
  ]) {
    mergeDeliveryDocument(s, { id, status: 'assigned', drone_id: 'drone-1', leg: 'to_origin', requested_at: iso(ms) });
  }
  assert.deepEqual(activeDeliveries(s).map((d) => d.id), ['b', 'c', 'a']);
  assert.deepEqual(activeDeliveries(s, 2).map((d) => d.id), ['b', 'c']);
});

test('the delivery map is bounded, finished deliveries go first', () => {
  const s = createState();
  mergeDeliveryDocument(s, { id: 'keep-active', status: 'assigned', requested_at: iso(T0) });
  for (let i = 0; i < MAX_DELIVERIES + 10; i++) {
    applyDelivery(s, { delivery_id: `x-${i}`, status: 'delivered', drone_id: null, ts: iso(T0 + i) }, T0);
  }
  assert.ok(s.deliveries.size <= MAX_DELIVERIES);
  assert.ok(s.deliveries.has('keep-active'));
  assert.ok(s.active.has('keep-active'));
});

test('active deliveries are never evicted: the table and the tile count them', () => {
  const s = createState();
  for (let i = 0; i < 10; i++) {
    mergeDeliveryDocument(s, { id: `busy-${i}`, status: 'in_flight', requested_at: iso(T0 + i) });
  }
  const waiting = [];
  for (let i = 0; i < MAX_DELIVERIES + 10; i++) {
    waiting.push({ id: `waiting-${i}`, status: 'pending', requested_at: iso(T0 + 100 + i) });
  }
  loadDeliveries(s, { count: waiting.length, items: waiting });
  assert.ok(s.deliveries.size <= MAX_DELIVERIES);
  assert.equal(s.active.size, 10);
  assert.equal(activeDeliveries(s, 60).length, 10);
});

test('under a backlog the active set comes from the active listing, not the newest deliveries', () => {
  const s = loaded();
  // the newest 200 are all pending: the active ones are older
  const newest = [];
  for (let i = 0; i < 200; i++) {
    newest.push({ id: `p-${i}`, status: 'pending', requested_at: iso(T0 + 60000 + i) });
  }
  loadDeliveries(s, { count: 200, items: newest });
  assert.equal(s.active.size, 0);
  const active = [];
  for (let i = 0; i < 51; i++) {
    active.push({ id: `a-${i}`, status: i % 2 ? 'assigned' : 'in_flight', drone_id: `drone-${i}`, leg: 'to_origin', requested_at: iso(T0 + i), origin: { lat: 41.9, lon: 12.4 }, destination: { lat: 41.85, lon: 12.5 } });
  }
  loadActiveDeliveries(s, { count: 51, items: active }, T0);
  assert.equal(s.active.size, 51);
  assert.equal(activeDeliveries(s, 60).length, 51);
});

test('the active listing is the set of record: what it no longer names has finished', () => {
  const s = loaded();
  const doc = (id) => ({ id, status: 'assigned', drone_id: 'drone-1', leg: 'to_origin', requested_at: iso(T0) });
  loadActiveDeliveries(s, { count: 3, items: [doc('a'), doc('b'), doc('c')] }, T0);
  // 'c' was delivered after the next listing was requested: its event counts, not the listing
  applyDelivery(s, { delivery_id: 'c', status: 'in_flight', leg: 'to_destination', ts: iso(T0 + 5000) }, T0 + 5000);
  loadActiveDeliveries(s, { count: 1, items: [doc('a')] }, T0 + 4000);
  assert.deepEqual([...s.active].sort(), ['a', 'c']);
  assert.equal(s.deliveries.has('b'), false, "'b' finished while the stream could not tell");
});

test('the event log keeps the newest entries only', () => {
  const s = loaded();
  for (let i = 0; i < LOG_LENGTH + 20; i++) {
    applyDelivery(s, { delivery_id: `l-${i}`, status: 'assigned', drone_id: 'drone-1', leg: 'to_origin', ts: iso(T0 + i) }, T0);
  }
  assert.equal(s.log.length, LOG_LENGTH);
  assert.equal(s.log[0].delivery_id, `l-${LOG_LENGTH + 19}`);
});

test('applyEvent dispatches by SSE event name and ignores unknown names and bad payloads', () => {
  const s = loaded();
  assert.equal(applyEvent(s, 'telemetry', telemetry('drone-1', T0 + 1), T0).changed, true);
  assert.equal(applyEvent(s, 'fleet', { drone_id: 'drone-1', from: 'idle', to: 'busy', ts: iso(T0 + 2) }, T0).changed, true);
  assert.equal(applyEvent(s, 'delivery', { delivery_id: 'z', status: 'assigned', ts: iso(T0) }, T0).changed, true);
  assert.equal(applyEvent(s, 'kpi', { pending: 3 }, T0).changed, true);
  assert.equal(s.serverKpi.data.pending, 3);
  assert.equal(applyEvent(s, 'mystery', {}, T0).changed, false);
  assert.equal(applyEvent(s, 'telemetry', {}, T0).changed, false);
  assert.equal(applyEvent(s, 'delivery', null, T0).changed, false);
  assert.equal(applyKpi(s, 'x', T0), false);
  assert.equal(s.eventCount, 4);
});

test('delivery rank orders the lifecycle', () => {
  assert.ok(deliveryRank('pending') < deliveryRank('assigned', 'to_origin'));
  assert.ok(deliveryRank('assigned', 'to_origin') < deliveryRank('in_flight', 'to_origin'));
  assert.ok(deliveryRank('in_flight', 'to_origin') < deliveryRank('in_flight', 'to_destination'));
  assert.ok(deliveryRank('in_flight', 'to_destination') < deliveryRank('delivered', null));
  assert.ok(deliveryRank('delivered', null) < deliveryRank('failed', null));
  assert.equal(deliveryRank('cancelled'), -1);
  assert.deepEqual(['pending', 'in_flight', 'delivered', 'failed'].map(isTerminal), [false, false, true, true]);
  assert.equal(deliveryStage('in_flight', null), 'to_origin');
  assert.equal(deliveryStage('in_flight', 'to_destination'), 'to_destination');
});

test('instants are read as ISO strings or epoch seconds', () => {
  assert.equal(toMillis('2026-11-23T18:00:00Z'), T0);
  assert.equal(toMillis(T0 / 1000), T0);
  assert.equal(toMillis(null), null);
  assert.equal(toMillis('not a date'), null);
});

test('an empty log is seeded from the deliveries listing, newest first', () => {
  const s = loaded();
  const listing = {
    items: [
      { id: 'a', status: 'delivered', drone_id: 'drone-1', assigned_at: iso(T0 + 1000), picked_up_at: iso(T0 + 5000), delivered_at: iso(T0 + 9000) },
      { id: 'b', status: 'assigned', drone_id: 'drone-2', assigned_at: iso(T0 + 7000), picked_up_at: null, delivered_at: null },
      { id: 'c', status: 'pending', drone_id: null },
    ],
  };
  assert.equal(seedLog(s, listing), 4);
  assert.deepEqual(
    s.log.map((e) => `${e.kind}:${e.delivery_id}`),
    ['delivered:a', 'assigned:b', 'picked_up:a', 'assigned:a'],
  );
  assert.equal(seedLog(s, listing), 0, 'a log with entries is left alone');
});

const ROUTE = { origin: { lat: 41.95, lon: 12.4 }, destination: { lat: 41.82, lon: 12.55 } };

test('a hand-back returns the delivery to pending until another drone is assigned', () => {
  const s = loaded();
  mergeDeliveryDocument(s, { id: 'd-5', status: 'pending', requested_at: iso(T0), ...ROUTE });
  const ev = (status, droneId, leg, ms, reason) => ({ delivery_id: 'd-5', status, drone_id: droneId, leg, ts: iso(ms), requested_at: iso(T0), reason });
  applyDelivery(s, ev('assigned', 'drone-1', 'to_origin', T0 + 1000, 'assigned'), T0 + 1000);
  applyDelivery(s, ev('in_flight', 'drone-1', 'to_origin', T0 + 2000, 'in_flight'), T0 + 2000);
  applyFleet(s, { drone_id: 'drone-1', from: 'busy', to: 'lost', reason: 'lost:silent', ts: iso(T0 + 9000) }, T0 + 9000);
  const routes = s.routesVersion;

  // drone-1 was lost before the pickup: an earlier stage, yet no stale event
  const back = ev('pending', 'drone-1', null, T0 + 9500, 'drone_lost');
  assert.deepEqual(applyDelivery(s, back, T0 + 9500), { changed: true, needsDocument: false });
  const d = s.deliveries.get('d-5');
  assert.deepEqual([d.status, d.leg, d.drone_id, d.assigned_ms], ['pending', null, null, null]);
  assert.equal(s.active.has('d-5'), false, 'no route on the map, not in the table');
  assert.ok(s.routesVersion > routes);
  assert.equal(s.drones.get('drone-1').current_delivery, null);
  assert.equal(s.drones.get('drone-1').status, 'lost');
  assert.deepEqual([s.log[0].kind, s.log[0].drone_id, s.log[0].text], ['handed_back', 'drone-1', 'drone lost']);
  assert.equal(applyDelivery(s, back, T0 + 9600).changed, false, 'a duplicate changes nothing');
  // the periodic listing read before the hand-back still says assigned to drone-1: not taken
  const stale = { id: 'd-5', status: 'assigned', drone_id: 'drone-1', leg: 'to_origin', requested_at: iso(T0), assigned_at: iso(T0 + 1000), ...ROUTE };
  loadDeliveries(s, { items: [stale] });
  assert.deepEqual([d.status, d.drone_id, s.active.has('d-5')], ['pending', null, false]);

  applyDelivery(s, ev('assigned', 'drone-2', 'to_origin', T0 + 12000, 'assigned'), T0 + 12000);
  assert.deepEqual([d.status, d.drone_id], ['assigned', 'drone-2']);
  assert.ok(s.active.has('d-5'));
  assert.equal(s.drones.get('drone-2').current_delivery, 'd-5');
  assert.deepEqual(s.samples.assignLatency.values(T0 + 12000), [1000, 12000]);
  loadDeliveries(s, { items: [{ ...stale, drone_id: 'drone-2', assigned_at: iso(T0 + 12000) }] });
  assert.deepEqual([d.status, d.drone_id, d.assigned_ms], ['assigned', 'drone-2', T0 + 12000], 'a listing after it is');
  // neither the hand-back replayed from before this assignment nor the order's announcement undo it
  assert.equal(applyDelivery(s, back, T0 + 13000).changed, false);
  assert.equal(applyDelivery(s, { ...back, reason: 'requested', ts: iso(T0 + 14000) }, T0 + 14000).changed, false);
  assert.equal(d.status, 'assigned');
});

test('a failed delivery ends where its parcel was, with its reason, and nothing moves it again', () => {
  const s = loaded();
  mergeDeliveryDocument(s, { id: 'd-6', status: 'pending', requested_at: iso(T0), ...ROUTE });
  const ev = (status, leg, ms, reason, droneId = 'drone-1') => ({ delivery_id: 'd-6', status, drone_id: droneId, leg, ts: iso(ms), requested_at: iso(T0), reason });
  applyDelivery(s, ev('assigned', 'to_origin', T0 + 1000, 'assigned'), T0 + 1000);
  applyDelivery(s, ev('in_flight', 'to_destination', T0 + 5000, 'picked_up'), T0 + 5000);
  applyTelemetry(s, telemetry('drone-1', T0 + 6000, { pos: { lat: 41.91, lon: 12.47 } }), T0 + 6000);

  const r = applyDelivery(s, ev('failed', null, T0 + 60000, 'drone_lost'), T0 + 60000);
  assert.deepEqual(r, { changed: true, needsDocument: false });
  const d = s.deliveries.get('d-6');
  assert.deepEqual([d.status, d.failure_reason, d.failed_ms, d.drone_id], ['failed', 'drone_lost', T0 + 60000, 'drone-1']);
  assert.equal(s.active.has('d-6'), false);
  assert.equal(s.drones.get('drone-1').current_delivery, null);
  assert.deepEqual(failureMark(d), { lat: 41.91, lon: 12.47 }, 'on board its lost drone');
  assert.deepEqual([s.log[0].kind, s.log[0].text], ['failed', 'drone lost']);

  for (const late of [
    ev('delivered', null, T0 + 61000, 'delivered'),
    ev('pending', null, T0 + 62000, 'drone_lost'),
    ev('failed', null, T0 + 63000, 'drone_lost'),
  ]) {
    assert.equal(applyDelivery(s, late, T0 + 64000).changed, false, late.status);
  }
  mergeDeliveryDocument(s, { id: 'd-6', status: 'delivered', requested_at: iso(T0), ...ROUTE });
  assert.equal(d.status, 'failed', 'a document does not revive it either');
  assert.equal(s.samples.delivered.count(T0 + 64000), 0);

  // never taken: no drone, marked at its origin; an hour on, no longer recent
  mergeDeliveryDocument(s, { id: 'd-7', status: 'pending', requested_at: iso(T0), ...ROUTE });
  applyDelivery(s, { delivery_id: 'd-7', status: 'failed', drone_id: null, leg: null, ts: iso(T0 + 70000), reason: 'no_drone' }, T0 + 70000);
  assert.deepEqual(failureMark(s.deliveries.get('d-7')), ROUTE.origin);
  assert.deepEqual(recentFailures(s, T0 + 70000).map((f) => f.id), ['d-7', 'd-6']);
  assert.deepEqual(recentFailures(s, T0 + 65000 + 3600000).map((f) => f.id), ['d-7']);
});

test('a failure first heard of on the stream fetches its document; a failed listing fills it in', () => {
  const s = loaded();
  const r = applyDelivery(s, { delivery_id: 'd-8', status: 'failed', drone_id: null, ts: iso(T0), reason: 'no_drone' }, T0);
  assert.deepEqual(r, { changed: true, needsDocument: true });
  loadDeliveries(s, { items: [{ id: 'd-8', status: 'failed', drone_id: null, requested_at: iso(T0 - 600000), failed_at: iso(T0), failure_reason: 'no_drone', ...ROUTE }] });
  assert.deepEqual(failureMark(s.deliveries.get('d-8')), ROUTE.origin);
  // one read from the failed listing alone: failed with when and why
  loadDeliveries(s, { items: [{ id: 'd-9', status: 'failed', drone_id: 'drone-2', requested_at: iso(T0), picked_up_at: iso(T0 + 1000), failed_at: iso(T0 + 9000), failure_reason: 'drone_lost', ...ROUTE }] });
  const d9 = s.deliveries.get('d-9');
  assert.deepEqual([d9.failed_ms, d9.failure_reason], [T0 + 9000, 'drone_lost']);
  assert.deepEqual(failureMark(d9), { lat: 41.9, lon: 12.45 }, "its drone's last known position");
  assert.deepEqual(recentFailures(s, T0 + 10000).map((f) => f.id), ['d-9', 'd-8']);
});

test('a lost drone holds no delivery, is logged with why, and is found again', () => {
  const s = loaded();
  applyFleet(s, { drone_id: 'drone-1', from: 'idle', to: 'busy', reason: 'assigned', ts: iso(T0) }, T0);
  s.drones.get('drone-1').current_delivery = 'd-1';
  applyFleet(s, { drone_id: 'drone-1', from: 'busy', to: 'lost', reason: 'lost:stuck', ts: iso(T0 + 1000) }, T0);
  const d = s.drones.get('drone-1');
  assert.deepEqual([d.status, d.current_delivery], ['lost', null]);
  applyTelemetry(s, telemetry('drone-1', T0 + 2000, { status: 'busy' }), T0);
  assert.equal(d.status, 'lost', "its telemetry is the simulator's view");
  applyFleet(s, { drone_id: 'drone-1', from: 'lost', to: 'idle', reason: 'found', ts: iso(T0 + 3000) }, T0);
  assert.equal(d.status, 'idle');
  assert.deepEqual(s.log.slice(0, 2).map((e) => `${e.kind}:${e.text}`), ['found:lost → idle (found)', 'lost:busy → lost (lost:stuck)']);
});

test('the log is seeded with failures and their reasons from the failed listing too', () => {
  const s = loaded();
  const failed = { items: [{ id: 'f', status: 'failed', drone_id: 'drone-1', assigned_at: iso(T0 + 1000), failed_at: iso(T0 + 8000), failure_reason: 'drone_lost' }] };
  const recent = { items: [failed.items[0], { id: 'g', status: 'failed', drone_id: null, failed_at: iso(T0 + 9000), failure_reason: 'no_drone' }] };
  assert.equal(seedLog(s, recent, failed), 3, 'a delivery in both listings is logged once');
  assert.deepEqual(s.log.map((e) => `${e.kind}:${e.delivery_id}:${e.text}`), ['failed:g:no drone', 'failed:f:drone lost', 'assigned:f:assigned']);
});
