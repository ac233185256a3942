import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  densityScale,
  drawBackground,
  drawLive,
  drawRoutes,
  FAILED_COLOR,
  nearestDrone,
  nearestFailure,
  STATUS_COLORS,
} from '../../main/resources/META-INF/resources/ui/lib/render.js';
import { createProjection } from '../../main/resources/META-INF/resources/ui/lib/projection.js';
import { isVisible } from '../../main/resources/META-INF/resources/ui/lib/fleet.js';
import { applyDelivery, createState, loadDeliveries, loadDrones, loadZones } from '../../main/resources/META-INF/resources/ui/lib/state.js';
import { syntheticFleet, syntheticZones } from '../../main/resources/META-INF/resources/ui/lib/synthetic.js';
import { recordingContext } from './recording-canvas.js';

function fleetState(n) {
  const s = createState();
  const zones = syntheticZones(2, 2);
  loadZones(s, zones);
  const f = syntheticFleet(n, zones, 3);
  loadDrones(s, f.drones);
  loadDeliveries(s, f.deliveries);
  return s;
}

test('drones are drawn in one fill per (status, class), whatever the fleet size', () => {
  const s = fleetState(5000);
  const proj = createProjection(s.zones.bounds, 800, 800);
  const ctx = recordingContext();
  const drawn = drawLive(ctx, proj, s, { now: 0, trailPoints: 6 });
  const visible = [...s.drones.values()].filter((d) => isVisible(s, d)).length;
  assert.equal(drawn, visible);
  assert.ok(visible > 4000 && visible < 5000, 'inactive drones are hidden');
  assert.ok(ctx.fills.length <= 4 * 3, `fills: ${ctx.fills.length}`);
  assert.equal(ctx.arcs.length, visible);
});

test('a drone is drawn at its projected position in its status colour, sized by class', () => {
  const s = createState();
  loadZones(s, syntheticZones(2, 2));
  loadDrones(s, {
    items: [
      { id: 'l', type: 'light', status: 'idle', pos: { lat: 41.9, lon: 12.45 } },
      { id: 'h', type: 'heavy', status: 'charging', pos: { lat: 41.85, lon: 12.55 } },
      { id: 'x', type: 'heavy', status: 'inactive', pos: { lat: 41.85, lon: 12.55 } },
      { id: 'nopos', type: 'light', status: 'idle', pos: null },
    ],
  });
  const proj = createProjection(s.zones.bounds, 600, 600);
  const ctx = recordingContext();
  assert.equal(drawLive(ctx, proj, s, { now: 0 }), 2);
  const light = ctx.arcs.find((a) => a.fillStyle === STATUS_COLORS.idle);
  const heavy = ctx.arcs.find((a) => a.fillStyle === STATUS_COLORS.charging);
  assert.ok(Math.abs(light.x - proj.x(12.45)) < 1e-9 && Math.abs(light.y - proj.y(41.9)) < 1e-9);
  assert.ok(heavy.r > light.r);
  assert.ok(ctx.texts.includes('zone 0') && ctx.texts.includes('zone 3'), 'zone names on top');
});

test('routes are drawn for active deliveries with coordinates only', () => {
  const s = createState();
  loadZones(s, syntheticZones(2, 2));
  loadDeliveries(s, {
    items: [
      { id: 'a', status: 'assigned', leg: 'to_origin', origin: { lat: 41.9, lon: 12.4 }, destination: { lat: 41.85, lon: 12.5 } },
      { id: 'b', status: 'in_flight', leg: 'to_destination', origin: { lat: 41.9, lon: 12.4 }, destination: { lat: 41.85, lon: 12.5 } },
      { id: 'c', status: 'delivered', origin: { lat: 41.9, lon: 12.4 }, destination: { lat: 41.85, lon: 12.5 } },
      { id: 'd', status: 'assigned', leg: 'to_origin' },
    ],
  });
  const proj = createProjection(s.zones.bounds, 600, 600);
  const ctx = recordingContext();
  assert.equal(drawRoutes(ctx, proj, s), 2);
  assert.equal(ctx.strokes, 2, 'one stroke per leg');
});

test('the background draws every zone cell', () => {
  const s = createState();
  loadZones(s, syntheticZones(3, 4));
  const ctx = recordingContext();
  drawBackground(ctx, createProjection(s.zones.bounds, 500, 500), s.zones);
  assert.equal(ctx.calls.filter((c) => c[0] === 'rect').length, 12);
});

test('the nearest visible drone within the radius is found for hover', () => {
  const s = createState();
  loadZones(s, syntheticZones(2, 2));
  loadDrones(s, {
    items: [
      { id: 'a', type: 'light', status: 'idle', pos: { lat: 41.9, lon: 12.45 } },
      { id: 'b', type: 'light', status: 'busy', pos: { lat: 41.9005, lon: 12.4505 } },
      { id: 'hidden', type: 'light', status: 'inactive', pos: { lat: 41.95, lon: 12.5 } },
    ],
  });
  const proj = createProjection(s.zones.bounds, 800, 800);
  assert.equal(nearestDrone(s, proj, proj.x(12.45) + 1, proj.y(41.9), 10).id, 'a');
  assert.equal(nearestDrone(s, proj, proj.x(12.4505), proj.y(41.9005) - 1, 10).id, 'b');
  assert.equal(nearestDrone(s, proj, proj.x(12.5), proj.y(41.95), 10), null);
  assert.equal(nearestDrone(s, proj, 0, 0, 10), null);
});

test('dots shrink with density within limits', () => {
  assert.equal(densityScale(0), 1.8);
  assert.equal(densityScale(100), 1.8);
  assert.equal(densityScale(1500), 1);
  assert.equal(densityScale(100000), 0.7);
});

test('a lost drone is drawn in its colour with a ring around it', () => {
  const s = createState();
  loadZones(s, syntheticZones(2, 2));
  loadDrones(s, {
    items: [
      { id: 'ok', type: 'light', status: 'idle', pos: { lat: 41.9, lon: 12.45 } },
      { id: 'gone', type: 'medium', status: 'lost', pos: { lat: 41.85, lon: 12.55 } },
    ],
  });
  const proj = createProjection(s.zones.bounds, 600, 600);
  const ctx = recordingContext();
  assert.equal(drawLive(ctx, proj, s, { now: 0, trailPoints: 0 }), 2, 'drawn where it was last heard of');
  const at = (a) => Math.abs(a.x - proj.x(12.55)) < 1e-9 && Math.abs(a.y - proj.y(41.85)) < 1e-9;
  const [dot, ring] = ctx.arcs.filter(at);
  assert.equal(dot.fillStyle, STATUS_COLORS.lost);
  assert.ok(ring.r > dot.r, 'a ring around the dot');
  assert.equal(ctx.arcs.filter((a) => !at(a)).length, 1, 'no ring around the others');
});

test('failed deliveries of the last hour are crossed where their parcel was, and hovered', () => {
  const s = createState();
  loadZones(s, syntheticZones(2, 2));
  const T = Date.parse('2026-12-06T10:00:00Z');
  const origin = { lat: 41.95, lon: 12.4 };
  loadDeliveries(s, {
    items: [
      { id: 'recent', status: 'failed', failure_reason: 'no_drone', failed_at: new Date(T - 60000).toISOString(), requested_at: new Date(T - 900000).toISOString(), origin, destination: { lat: 41.85, lon: 12.5 } },
      { id: 'old', status: 'failed', failure_reason: 'no_drone', failed_at: new Date(T - 7200000).toISOString(), requested_at: new Date(T - 9000000).toISOString(), origin: { lat: 41.85, lon: 12.55 }, destination: { lat: 41.85, lon: 12.5 } },
    ],
  });
  applyDelivery(s, { delivery_id: 'nowhere', status: 'failed', drone_id: null, ts: new Date(T).toISOString(), reason: 'no_drone' }, T);
  const proj = createProjection(s.zones.bounds, 600, 600);
  const ctx = recordingContext();
  const stroked = [];
  ctx.stroke = () => stroked.push(ctx.strokeStyle);
  drawLive(ctx, proj, s, { now: T, trailPoints: 0 });
  assert.ok(stroked.includes(FAILED_COLOR));
  const near = (p) => (c) => c[0] === 'lineTo' && Math.hypot(c[1] - proj.x(p.lon), c[2] - proj.y(p.lat)) < 10;
  assert.equal(ctx.calls.filter(near(origin)).length, 2, 'a cross of two strokes at the origin');
  assert.equal(ctx.calls.filter(near({ lat: 41.85, lon: 12.55 })).length, 0, 'the old failure has gone');
  assert.equal(nearestFailure(s, proj, proj.x(origin.lon) + 2, proj.y(origin.lat), T).id, 'recent');
  assert.equal(nearestFailure(s, proj, proj.x(12.55), proj.y(41.85), T), null, 'older than an hour');
});
