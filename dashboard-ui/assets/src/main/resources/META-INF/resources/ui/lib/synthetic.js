// Synthetic load for measuring the page without a backend (`?synthetic=5000`): a zones config
// shaped like the gateway's, a fleet, and a generator of telemetry / delivery events that goes
// through the very same reducers as the live stream. Deterministic (seeded PRNG).

import { loadZones, zoneOf } from './state.js';

/** mulberry32: small, fast, good enough for jitter. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The gateway's grid over Rome (lat 41.80–41.98, lon 12.37–12.60), row 0 north. */
export function syntheticZones(rows = 2, cols = 2) {
  const bounds = { lat_min: 41.8, lat_max: 41.98, lon_min: 12.37, lon_max: 12.6 };
  const dLat = (bounds.lat_max - bounds.lat_min) / rows;
  const dLon = (bounds.lon_max - bounds.lon_min) / cols;
  const zones = [];
  const adjacency = {};
  const name = (r, c) => `zone ${r * cols + c}`;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const b = {
        lat_max: bounds.lat_max - r * dLat,
        lat_min: bounds.lat_max - (r + 1) * dLat,
        lon_min: bounds.lon_min + c * dLon,
        lon_max: bounds.lon_min + (c + 1) * dLon,
      };
      const neighbors = [];
      if (r > 0) neighbors.push(name(r - 1, c));
      if (r < rows - 1) neighbors.push(name(r + 1, c));
      if (c > 0) neighbors.push(name(r, c - 1));
      if (c < cols - 1) neighbors.push(name(r, c + 1));
      zones.push({
        name: name(r, c),
        row: r,
        col: c,
        bounds: b,
        charge: { lat: (b.lat_min + b.lat_max) / 2, lon: (b.lon_min + b.lon_max) / 2 },
        neighbors,
      });
      adjacency[name(r, c)] = neighbors;
    }
  }
  return { bounds, rows, cols, zones, adjacency };
}

const TYPES = ['light', 'medium', 'heavy'];
const STATUS_MIX = [
  ['idle', 0.45],
  ['busy', 0.35],
  ['charging', 0.1],
  ['retiring', 0.03],
  ['inactive', 0.07],
];

function pickStatus(u) {
  let acc = 0;
  for (const [s, p] of STATUS_MIX) {
    acc += p;
    if (u < acc) {
      return s;
    }
  }
  return 'idle';
}

function randomPoint(rand, b) {
  return {
    lat: b.lat_min + rand() * (b.lat_max - b.lat_min),
    lon: b.lon_min + rand() * (b.lon_max - b.lon_min),
  };
}

/** A GET /drones-shaped listing of n drones and a GET /deliveries-shaped listing of their jobs. */
export function syntheticFleet(n, zonesCfg, seed = 7) {
  const rand = prng(seed);
  const b = zonesCfg.bounds;
  const grid = loadZones({}, zonesCfg);
  const drones = [];
  const deliveries = [];
  const t0 = Date.now();
  for (let i = 1; i <= n; i++) {
    const status = pickStatus(rand());
    const id = `drone-${i}`;
    let current = null;
    if (status === 'busy') {
      current = `job-${i}`;
      const requested = new Date(t0 - Math.floor(rand() * 120000)).toISOString();
      const origin = randomPoint(rand, b);
      const destination = randomPoint(rand, b);
      deliveries.push({
        id: current,
        status: 'in_flight',
        drone_id: id,
        origin,
        destination,
        origin_zone: zoneOf(grid, origin.lat, origin.lon),
        destination_zone: zoneOf(grid, destination.lat, destination.lon),
        weight: 1 + rand() * 9,
        leg: rand() < 0.5 ? 'to_origin' : 'to_destination',
        requested_at: requested,
        timestamp: Date.parse(requested) / 1000,
      });
    }
    drones.push({
      id,
      type: TYPES[i % 3],
      status,
      battery: 20 + rand() * 80,
      pos: randomPoint(rand, b),
      speed_kmh: 40,
      current_delivery: current,
      at_charge: false,
    });
  }
  deliveries.reverse(); // newest first, as the gateway lists them
  return {
    drones: { count: drones.length, items: drones },
    deliveries: { count: deliveries.length, items: deliveries },
  };
}

/**
 * Makes `count` telemetry events: each picks a drone and moves it a little towards a per-drone
 * heading, so trails look like flight. `cursor` walks the fleet round-robin.
 */
export function telemetryBurst(state, rand, count, cursor, now) {
  const ids = cursor.ids || (cursor.ids = [...state.drones.keys()]);
  const events = [];
  const b = state.zones.bounds;
  for (let k = 0; k < count && ids.length > 0; k++) {
    cursor.i = ((cursor.i || 0) + 1) % ids.length;
    const d = state.drones.get(ids[cursor.i]);
    if (!d || d.lat == null || d.status === 'inactive') {
      continue;
    }
    if (d.heading == null) {
      d.heading = rand() * Math.PI * 2;
    }
    d.heading += (rand() - 0.5) * 0.4;
    const step = 0.0008;
    let lat = d.lat + Math.sin(d.heading) * step;
    let lon = d.lon + Math.cos(d.heading) * step;
    if (lat < b.lat_min || lat > b.lat_max || lon < b.lon_min || lon > b.lon_max) {
      d.heading += Math.PI;
      lat = Math.min(b.lat_max, Math.max(b.lat_min, lat));
      lon = Math.min(b.lon_max, Math.max(b.lon_min, lon));
    }
    events.push({
      drone_id: d.id,
      type: d.type,
      status: d.status,
      pos: { lat, lon },
      battery: Math.max(0, (d.battery || 100) - 0.01),
      at_charge: false,
      current_delivery: d.current_delivery,
      leg: d.leg,
      speed_kmh: 40,
      seq: 0,
      ts: new Date(now).toISOString(),
    });
  }
  return events;
}
