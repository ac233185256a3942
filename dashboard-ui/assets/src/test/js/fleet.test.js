import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isFleetMember,
  isVisible,
  UNLISTED_TTL_MS,
  validPosition,
} from '../../main/resources/META-INF/resources/ui/lib/fleet.js';
import { countByZone, countDrones } from '../../main/resources/META-INF/resources/ui/lib/kpi.js';
import { drawLive, nearestDrone } from '../../main/resources/META-INF/resources/ui/lib/render.js';
import { createProjection } from '../../main/resources/META-INF/resources/ui/lib/projection.js';
import {
  applyFleet,
  applyTelemetry,
  createState,
  loadDrones,
  loadZones,
  zoneOf,
} from '../../main/resources/META-INF/resources/ui/lib/state.js';
import { syntheticZones } from '../../main/resources/META-INF/resources/ui/lib/synthetic.js';
import { filterDrones } from '../../main/resources/META-INF/resources/ui/lib/view.js';
import { recordingContext } from './recording-canvas.js';

const T0 = Date.parse('2026-11-23T18:00:00Z');
const iso = (ms) => new Date(ms).toISOString();
const AREA = { lat_min: 41.8, lat_max: 41.98, lon_min: 12.37, lon_max: 12.6 };
const IN = { lat: 41.9, lon: 12.45 };

function drone(id, over = {}) {
  return { id, type: 'light', status: 'idle', battery: 90, pos: IN, ...over };
}

function telemetry(id, ms, over = {}) {
  return { drone_id: id, type: 'light', status: 'idle', pos: IN, battery: 80, ts: iso(ms), ...over };
}

function withZones() {
  const s = createState();
  loadZones(s, syntheticZones(2, 2));
  return s;
}

/** What the map, the fleet tile, the zone labels and the table make of the model. */
function views(s) {
  const ctx = recordingContext();
  const proj = createProjection(s.zones.bounds, 600, 600);
  const byZone = countByZone(s, zoneOf);
  return {
    counted: countDrones(s).total,
    drawn: drawLive(ctx, proj, s, { now: T0, trailPoints: 0 }),
    labelled: Object.values(byZone).reduce((n, z) => n + z.drones, 0),
    listed: filterDrones([...s.drones.keys()], s, {}, 1000).matched,
  };
}

test('a position is finite, on the globe and inside the service area', () => {
  assert.deepEqual(validPosition(IN, AREA), IN);
  assert.deepEqual(validPosition({ lat: 41.8, lon: 12.37 }, AREA), { lat: 41.8, lon: 12.37 }, 'edges are inside');
  for (const bad of [null, {}, { lat: NaN, lon: 12.4 }, { lat: 41.9, lon: Infinity }, { lat: '41.9', lon: 12.4 }, { lat: 41.9 }, { lat: 0, lon: 0 }, { lat: 91, lon: 12.4 }]) {
    assert.equal(validPosition(bad, AREA), null, JSON.stringify(bad));
  }
  assert.deepEqual(validPosition({ lat: 0, lon: 0 }, null), { lat: 0, lon: 0 }, 'the globe only, before the zones load');
});

test('documents that are not valid drones are neither drawn, counted, labelled nor listed', () => {
  const s = withZones();
  loadDrones(s, {
    count: 8,
    items: [
      drone('drone-1'),
      drone('drone-2', { status: 'busy', type: 'heavy' }),
      drone('drone-3', { type: null }),
      drone('drone-4', { status: 'exploded' }),
      drone('drone-5', { pos: null }),
      drone('drone-6', { pos: { lat: 0, lon: 0 } }),
      drone('drone-7', { pos: { lat: 'NaN', lon: 12.4 } }),
      { type: 'light', status: 'idle', pos: IN }, // no id
    ],
  });
  assert.deepEqual(views(s), { counted: 2, drawn: 2, labelled: 2, listed: 2 });
  assert.equal(isFleetMember(s, s.drones.get('drone-6')), false);
});

test('telemetry cannot make a drone invalid nor move it off the map', () => {
  const s = withZones();
  loadDrones(s, { count: 1, items: [drone('drone-1', { type: 'medium' })] });
  applyTelemetry(s, telemetry('drone-1', T0, { type: 'jumbo', status: 'exploded', pos: { lat: 0, lon: 0 } }), T0);
  const d = s.drones.get('drone-1');
  assert.deepEqual([d.type, d.status, d.lat, d.lon], ['medium', 'idle', IN.lat, IN.lon]);
  applyTelemetry(s, telemetry('drone-1', T0 + 1000, { pos: { lat: NaN, lon: 12.5 } }), T0);
  assert.deepEqual([d.lat, d.lon], [IN.lat, IN.lon]);
  assert.equal(isVisible(s, d), true);
});

test('a fleet event alone does not make a drone, and an unknown status is not applied', () => {
  const s = withZones();
  loadDrones(s, { count: 1, items: [drone('drone-1')] });
  applyFleet(s, { drone_id: 'drone-99', from: 'idle', to: 'busy', reason: 'assigned', ts: iso(T0) }, T0);
  assert.equal(applyFleet(s, { drone_id: 'drone-1', from: 'idle', to: 'exploded', ts: iso(T0) }, T0), false);
  assert.equal(s.drones.get('drone-1').status, 'idle');
  assert.deepEqual(views(s), { counted: 1, drawn: 1, labelled: 1, listed: 1 });
});

test('a drone registered after the listing shows at once from its live telemetry', () => {
  const s = withZones();
  loadDrones(s, { count: 1, items: [drone('drone-1')] });
  applyTelemetry(s, telemetry('drone-2', T0, { type: 'heavy' }), T0);
  assert.deepEqual(views(s), { counted: 2, drawn: 2, labelled: 2, listed: 2 });
  const proj = createProjection(s.zones.bounds, 600, 600);
  assert.ok(nearestDrone(s, proj, proj.x(IN.lon), proj.y(IN.lat), 10));
});

test('FLEET 63 for 60: stale telemetry of ids the KV does not hold adds no dots', () => {
  const s = withZones();
  const items = [];
  for (let i = 1; i <= 60; i++) {
    items.push(drone(`drone-${i}`, { pos: { lat: 41.81 + i * 0.002, lon: 12.38 + i * 0.003 } }));
  }
  loadDrones(s, { count: 60, items });
  // the fleet reports live...
  for (let i = 1; i <= 60; i++) {
    applyTelemetry(s, telemetry(`drone-${i}`, T0, { pos: items[i - 1].pos }), T0);
  }
  // ...and a reconnect replays the last telemetry of three drones of an earlier run, at the corners
  const corners = [{ lat: 41.8, lon: 12.37 }, { lat: 41.98, lon: 12.6 }, { lat: 41.8, lon: 12.6 }];
  corners.forEach((pos, i) => applyTelemetry(s, telemetry(`drone-${61 + i}`, T0 - UNLISTED_TTL_MS - 60000, { pos }), T0));
  assert.equal(s.drones.size, 63, 'kept in the model, in case the KV lists them later');
  assert.deepEqual(views(s), { counted: 60, drawn: 60, labelled: 60, listed: 60 });
  // a complete listing drops them; a replay of the same messages does not bring them back
  loadDrones(s, { count: 60, items });
  corners.forEach((pos, i) => applyTelemetry(s, telemetry(`drone-${61 + i}`, T0 - UNLISTED_TTL_MS - 60000, { pos }), T0));
  assert.deepEqual(views(s), { counted: 60, drawn: 60, labelled: 60, listed: 60 });
});
