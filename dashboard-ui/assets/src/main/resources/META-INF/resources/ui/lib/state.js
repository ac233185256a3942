// The dashboard's model of the system and the reducers that apply REST snapshots and SSE events
// to it. The maps are mutated in place (5,000 drones, thousands of events a second: copying would
// cost more than drawing); every reducer returns what it changed so the view can batch redraws.
// Pure: no DOM, no network; the caller passes the receive time.

import { normalizeBounds } from './projection.js';
import { reasonText } from './failures.js';
import { RollingWindow } from './kpi.js';
import { isClass, isStatus, validPosition } from './fleet.js';

export const TRAIL_POINTS = 12;
export const FLASH_MS = 1000;
export const LOG_LENGTH = 80;
export const MAX_DELIVERIES = 3000;

/**
 * A delivery's stages in the order they happen (docs/events.md, "Delivery stages"); failed ends
 * one from any stage and, like delivered, is never left.
 */
export const STAGES = ['pending', 'assigned', 'to_origin', 'to_destination', 'delivered', 'failed'];

/** The reason of the `pending` event that announces a new order (every other one hands it back). */
const REQUESTED_REASON = 'requested';

/** The stage a delivery's status and leg say it is in; null for an unknown status. */
export function deliveryStage(status, leg) {
  switch (status) {
    case 'pending':
    case 'assigned':
    case 'delivered':
    case 'failed':
      return status;
    case 'in_flight':
      return leg === 'to_destination' ? 'to_destination' : 'to_origin';
    default:
      return null;
  }
}

/** How far a delivery got: its stage's place in STAGES, -1 for an unknown status. */
export function deliveryRank(status, leg) {
  return STAGES.indexOf(deliveryStage(status, leg));
}

/** Delivered or failed: nothing happens to the delivery any more. */
export function isTerminal(status) {
  return status === 'delivered' || status === 'failed';
}

export function createState() {
  return {
    zones: null, // {bounds, rows, cols, zones:[{name,row,col,bounds,charge}]}
    drones: new Map(), // id -> drone
    deliveries: new Map(), // id -> delivery
    active: new Set(), // ids of assigned / in_flight deliveries
    failed: new Set(), // ids of failed deliveries (marked on the map while recent)
    flashes: new Map(), // drone id -> flash end (receive clock)
    log: [], // newest first
    serverKpi: null, // {data, receivedMs}
    samples: {
      assignLatency: new RollingWindow(5 * 60000),
      deliverLatency: new RollingWindow(5 * 60000),
      delivered: new RollingWindow(60000),
    },
    lastEventMs: null,
    newestTelemetryMs: 0, // event time of the newest telemetry applied (the simulator's clock)
    eventCount: 0,
    routesVersion: 0, // moves when an active delivery's route or leg may have changed
    fleetVersion: 0, // moves when a drone is added or removed
  };
}

/** Parses an ISO-8601 instant or epoch seconds into epoch milliseconds; null when absent. */
export function toMillis(v) {
  if (v == null) {
    return null;
  }
  if (typeof v === 'number') {
    return Number.isFinite(v) ? v * 1000 : null;
  }
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

function point(p) {
  return validPosition(p, null);
}

/** A drone's position: also inside the service area once the zones are known. */
function dronePosition(state, p) {
  return validPosition(p, state.zones && state.zones.bounds);
}

// ---------------------------------------------------------------- zones

export function loadZones(state, cfg) {
  const zones = (cfg.zones || []).map((z) => ({
    name: z.name,
    row: z.row,
    col: z.col,
    bounds: normalizeBounds(z.bounds),
    charge: point(z.charge),
  }));
  state.zones = {
    bounds: normalizeBounds(cfg.bounds),
    rows: cfg.rows,
    cols: cfg.cols,
    zones,
  };
  return state.zones;
}

/** The first zone (list order) whose inclusive bounds contain the point, as the gateway rules. */
export function zoneOf(zones, lat, lon) {
  if (!zones || lat == null || lon == null) {
    return null;
  }
  for (const z of zones.zones) {
    const b = z.bounds;
    if (lat >= b.lat_min && lat <= b.lat_max && lon >= b.lon_min && lon <= b.lon_max) {
      return z.name;
    }
  }
  return null;
}

// ---------------------------------------------------------------- drones

function newDrone(id) {
  return {
    id,
    type: null,
    status: null,
    lat: null,
    lon: null,
    battery: null,
    at_charge: false,
    current_delivery: null,
    leg: null,
    speed_kmh: null,
    ts: 0, // event time of the last telemetry applied
    statusTs: 0, // event time of the last fleet event applied
    statusRecvMs: null, // receive time of the last fleet event applied
    // Status and delivery are the dispatcher's: they come from the KV (REST) and fleet events.
    // Telemetry only echoes the simulator's view of them, which lags, so it fills them in only
    // for a drone known from telemetry alone (a drone registered after the page loaded).
    fromTelemetry: true,
    listed: false, // in the last drone listing (the KV knows it)
    trail: new Float64Array(TRAIL_POINTS * 2),
    trailLen: 0,
    trailHead: 0,
  };
}

function addDrone(state, id) {
  const d = newDrone(id);
  state.drones.set(id, d);
  state.fleetVersion++;
  return d;
}

function pushTrail(d, lat, lon) {
  if (d.trailLen > 0) {
    const last = ((d.trailHead - 1 + TRAIL_POINTS) % TRAIL_POINTS) * 2;
    if (Math.abs(d.trail[last] - lat) < 1e-7 && Math.abs(d.trail[last + 1] - lon) < 1e-7) {
      return;
    }
  }
  d.trail[d.trailHead * 2] = lat;
  d.trail[d.trailHead * 2 + 1] = lon;
  d.trailHead = (d.trailHead + 1) % TRAIL_POINTS;
  d.trailLen = Math.min(TRAIL_POINTS, d.trailLen + 1);
}

/** The trail, oldest first, as [lat, lon, lat, lon, ...]. */
export function trailPoints(d) {
  const out = [];
  const start = (d.trailHead - d.trailLen + TRAIL_POINTS) % TRAIL_POINTS;
  for (let i = 0; i < d.trailLen; i++) {
    const k = ((start + i) % TRAIL_POINTS) * 2;
    out.push(d.trail[k], d.trail[k + 1]);
  }
  return out;
}

function setPosition(d, p) {
  if (p) {
    d.lat = p.lat;
    d.lon = p.lon;
    pushTrail(d, p.lat, p.lon);
  }
}

/**
 * Loads GET /drones ({count, items:[DroneDocument + zone]}). A complete listing (count equals the
 * items) is a snapshot: drones missing from it are dropped. Trails survive a reload. A drone whose
 * fleet event arrived after the request was sent (`requestedMs`, receive clock) keeps that status:
 * the listing may have been read before it.
 */
export function loadDrones(state, json, requestedMs = -Infinity) {
  const items = (json && json.items) || [];
  const seen = new Set();
  for (const doc of items) {
    if (!doc || !doc.id) {
      continue;
    }
    seen.add(doc.id);
    let d = state.drones.get(doc.id);
    if (!d) {
      d = addDrone(state, doc.id);
    }
    d.listed = true;
    d.type = isClass(doc.type) ? doc.type : d.type;
    if (d.statusRecvMs == null || d.statusRecvMs < requestedMs) {
      d.status = isStatus(doc.status) ? doc.status : d.status;
      d.current_delivery = doc.current_delivery || null;
      if (!d.current_delivery) {
        d.leg = null;
      }
    }
    d.fromTelemetry = false;
    d.speed_kmh = typeof doc.speed_kmh === 'number' ? doc.speed_kmh : d.speed_kmh;
    // the simulator writes its physical fields to the KV at its own pace: telemetry is fresher
    if (d.ts === 0) {
      d.battery = typeof doc.battery === 'number' ? doc.battery : d.battery;
      d.at_charge = !!doc.at_charge;
      setPosition(d, dronePosition(state, doc.pos));
    }
  }
  const complete = json && typeof json.count === 'number' ? json.count <= items.length : true;
  if (complete) {
    for (const id of [...state.drones.keys()]) {
      if (!seen.has(id)) {
        state.drones.delete(id);
        state.fleetVersion++;
      }
    }
  }
  return { drones: state.drones.size };
}

/**
 * Applies a `telemetry` event (DroneTelemetry). Older events than the last applied are ignored; an
 * unknown class or status and an invalid position are not taken (the drone keeps what it had).
 */
export function applyTelemetry(state, t, now) {
  if (!t || !t.drone_id) {
    return false;
  }
  noteEvent(state, now);
  const ts = toMillis(t.ts) || 0;
  let d = state.drones.get(t.drone_id);
  if (!d) {
    d = addDrone(state, t.drone_id);
  }
  if (ts && ts < d.ts) {
    return false;
  }
  d.ts = ts;
  state.newestTelemetryMs = Math.max(state.newestTelemetryMs, ts);
  if (isClass(t.type)) {
    d.type = t.type;
  }
  if (d.fromTelemetry) {
    if (isStatus(t.status)) {
      d.status = t.status;
    }
    d.current_delivery = t.current_delivery || null;
  }
  if (typeof t.battery === 'number') {
    d.battery = t.battery;
  }
  d.at_charge = !!t.at_charge;
  // the leg is the simulator's to tell, for the delivery the page knows the drone has
  if (t.current_delivery && t.current_delivery === d.current_delivery) {
    d.leg = t.leg || null;
  } else if (!d.current_delivery) {
    d.leg = null;
  }
  if (typeof t.speed_kmh === 'number') {
    d.speed_kmh = t.speed_kmh;
  }
  setPosition(d, dronePosition(state, t.pos));
  return true;
}

const FLEET_LOG = [
  // [from, to, kind] ; '*' matches any status
  ['retiring', 'inactive', 'retired'],
  ['*', 'charging', 'charging'],
  ['*', 'retiring', 'retiring'],
  ['*', 'lost', 'lost'],
  ['lost', 'idle', 'found'],
  ['inactive', 'idle', 'activated'],
  ['charging', 'idle', 'charged'],
];

function fleetKind(e) {
  for (const [from, to, kind] of FLEET_LOG) {
    if ((from === '*' || from === e.from) && to === e.to) {
      return kind;
    }
  }
  if (e.from === 'busy' && e.to === 'idle' && e.reason && e.reason !== 'delivered') {
    return 'released';
  }
  return null;
}

/** Applies a `fleet` event (FleetEvent {drone_id, from, to, reason, ts}); an unknown `to` is not. */
export function applyFleet(state, e, now) {
  if (!e || !e.drone_id || !isStatus(e.to)) {
    return false;
  }
  noteEvent(state, now);
  const ts = toMillis(e.ts) || 0;
  let d = state.drones.get(e.drone_id);
  if (!d) {
    d = addDrone(state, e.drone_id);
  }
  if (ts && ts < d.statusTs) {
    return false;
  }
  d.status = e.to;
  d.statusTs = ts;
  d.statusRecvMs = now;
  d.fromTelemetry = false;
  if (e.to === 'inactive') {
    d.trailLen = 0; // hidden while inactive, as the original did
  }
  // a lost drone holds no delivery (the dispatcher hands it back or fails it)
  if (e.to === 'lost' || (e.to === 'idle' && e.from === 'busy')) {
    d.current_delivery = null;
    d.leg = null;
  }
  const kind = fleetKind(e);
  if (kind) {
    pushLog(state, {
      ts_ms: ts || now,
      kind,
      drone_id: e.drone_id,
      delivery_id: null,
      text: e.reason ? `${e.from} → ${e.to} (${e.reason})` : `${e.from} → ${e.to}`,
    });
  }
  return true;
}

// ---------------------------------------------------------------- deliveries

function newDelivery(id) {
  return {
    id,
    status: null,
    rank: -1,
    drone_id: null,
    leg: null,
    origin: null,
    destination: null,
    weight: null,
    weight_class: null,
    origin_zone: null,
    destination_zone: null,
    requested_ms: null,
    assigned_ms: null,
    delivered_ms: null,
    failed_ms: null,
    failure_reason: null,
    failed_pos: null, // where the parcel was last known when it failed; null: at its origin
    handed_back_ms: null, // event time of the last hand-back to pending
    updated_ms: 0,
    eventRecvMs: null, // receive time of the last status event applied
  };
}

function trackActive(state, d) {
  if (d.status === 'assigned' || d.status === 'in_flight') {
    state.active.add(d.id);
    state.routesVersion++;
  } else if (state.active.delete(d.id)) {
    state.routesVersion++;
  }
  if (d.status === 'failed') {
    state.failed.add(d.id);
  }
}

/**
 * Where a failed delivery's parcel was last known: on board its lost drone, at the drone's last
 * position, when the page knows it; else (no drone came, or an unknown drone) at the origin.
 */
function failurePosition(state, d) {
  const onBoard = d.failure_reason === 'drone_lost' && d.drone_id;
  const drone = onBoard ? state.drones.get(d.drone_id) : null;
  return drone && drone.lat != null ? { lat: drone.lat, lon: drone.lon } : null;
}

/** The drone no longer carries the delivery (delivered, handed back or failed). */
function release(state, droneId, deliveryId) {
  const drone = droneId ? state.drones.get(droneId) : null;
  if (drone && drone.current_delivery === deliveryId) {
    drone.current_delivery = null;
    drone.leg = null;
  }
}

function evict(state) {
  if (state.deliveries.size <= MAX_DELIVERIES) {
    return;
  }
  // Map iteration is insertion order: drop the oldest finished (delivered or failed) ones first,
  // then the oldest pending ones. Active ones stay (one per busy drone, so bounded by the fleet):
  // the table and the tile count them.
  for (const [id, d] of state.deliveries) {
    if (state.deliveries.size <= MAX_DELIVERIES) {
      return;
    }
    if (isTerminal(d.status)) {
      state.deliveries.delete(id);
      state.failed.delete(id);
    }
  }
  for (const [id] of state.deliveries) {
    if (state.deliveries.size <= MAX_DELIVERIES) {
      return;
    }
    if (!state.active.has(id)) {
      state.deliveries.delete(id);
      state.failed.delete(id);
    }
  }
}

/** Loads GET /deliveries ({count, items:[DeliveryDocument]}); a document never moves one back. */
export function loadDeliveries(state, json) {
  const items = (json && json.items) || [];
  for (const doc of items) {
    mergeDeliveryDocument(state, doc);
  }
  evict(state);
  return { deliveries: state.deliveries.size, active: state.active.size };
}

/**
 * Loads GET /deliveries?status=active ({count, items}): every delivery in progress when it was
 * requested (`requestedMs`, receive clock). The page's active set becomes exactly that, so the
 * table and the tile count the same deliveries: one the page holds as active but the listing does
 * not name has finished (or gone back to pending) and is dropped, unless a status event about it
 * arrived after the request (the listing may have been read before it).
 */
export function loadActiveDeliveries(state, json, requestedMs = -Infinity) {
  const listed = new Set();
  for (const doc of (json && json.items) || []) {
    const d = mergeDeliveryDocument(state, doc);
    if (d) {
      listed.add(d.id);
    }
  }
  for (const id of [...state.active]) {
    const d = state.deliveries.get(id);
    if (!listed.has(id) && (d.eventRecvMs == null || d.eventRecvMs < requestedMs)) {
      state.active.delete(id);
      state.deliveries.delete(id);
      state.routesVersion++;
    }
  }
  evict(state);
  return { deliveries: state.deliveries.size, active: state.active.size };
}

/**
 * Fills an empty event log from deliveries listings: the documents carry when they were
 * assigned, picked up, delivered or failed (and why), so the log is useful before the first live
 * event. A delivery in several listings is logged once.
 */
export function seedLog(state, ...listings) {
  if (state.log.length > 0) {
    return 0;
  }
  const entries = [];
  const seen = new Set();
  for (const doc of listings.flatMap((json) => (json && json.items) || [])) {
    if (!doc || seen.has(doc.id)) {
      continue;
    }
    seen.add(doc.id);
    for (const [field, kind] of [
      ['assigned_at', 'assigned'],
      ['picked_up_at', 'picked_up'],
      ['delivered_at', 'delivered'],
      ['failed_at', 'failed'],
    ]) {
      const ts = toMillis(doc[field]);
      if (ts != null) {
        entries.push({
          ts_ms: ts,
          kind,
          drone_id: doc.drone_id || null,
          delivery_id: doc.id,
          text: kind === 'failed' ? reasonText(doc.failure_reason) : kind,
        });
      }
    }
  }
  entries.sort((a, b) => b.ts_ms - a.ts_ms);
  state.log = entries.slice(0, LOG_LENGTH);
  return state.log.length;
}

/** Merges one DeliveryDocument (from a listing or GET /deliveries/{id}). */
export function mergeDeliveryDocument(state, doc) {
  if (!doc || !doc.id) {
    return null;
  }
  let d = state.deliveries.get(doc.id);
  if (!d) {
    d = newDelivery(doc.id);
    state.deliveries.set(doc.id, d);
  }
  d.origin = point(doc.origin) || d.origin;
  d.destination = point(doc.destination) || d.destination;
  if (typeof doc.weight === 'number') {
    d.weight = doc.weight;
  }
  d.weight_class = doc.weight_class || d.weight_class;
  d.origin_zone = doc.origin_zone || d.origin_zone;
  d.destination_zone = doc.destination_zone || d.destination_zone;
  d.requested_ms = toMillis(doc.requested_at) || toMillis(doc.timestamp) || d.requested_ms;
  d.delivered_ms = toMillis(doc.delivered_at) || d.delivered_ms;
  // a document read before a hand-back still names the assignment the hand-back undid
  const assignedAt = toMillis(doc.assigned_at);
  const undone = d.handed_back_ms != null && assignedAt != null && assignedAt < d.handed_back_ms;
  const rank = deliveryRank(doc.status, doc.leg);
  if (!undone) {
    d.assigned_ms = assignedAt || d.assigned_ms;
    if (rank === d.rank || advances(d, rank)) {
      d.rank = rank;
      d.status = doc.status;
      d.leg = doc.leg || null;
      d.drone_id = doc.drone_id || d.drone_id;
    }
  }
  if (d.status === 'failed') {
    d.failed_ms = toMillis(doc.failed_at) || d.failed_ms;
    d.failure_reason = doc.failure_reason || d.failure_reason;
    d.failed_pos = d.failed_pos || failurePosition(state, d);
  }
  trackActive(state, d);
  return d;
}

/** Whether a stage of `rank` is progress for `d`: a later one, and never out of an end. */
function advances(d, rank) {
  return rank > d.rank && !isTerminal(d.status);
}

/**
 * Whether the event hands `d` back to pending: the dispatcher's `pending` (its drone was lost
 * before the pickup, or the assignment rolled back), not a new order's `requested` one (another
 * topic, which may trail the assignment), for a delivery that has a drone and has not ended, and
 * not older than the assignment it would undo (a replay from before a reassignment).
 */
function handsBack(d, e, ts) {
  return (
    e.status === 'pending' &&
    e.reason !== REQUESTED_REASON &&
    d.rank > 0 &&
    !isTerminal(d.status) &&
    (d.assigned_ms == null || ts >= d.assigned_ms)
  );
}

/**
 * Applies a `delivery` event (DeliveryStatusChanged). Replays and out-of-order events never move a
 * delivery backwards nor count twice; the one way back is a hand-back to pending (`handsBack`),
 * and nothing leaves delivered or failed. Returns {changed, needsDocument}: a newly seen active or
 * failed delivery has no coordinates yet and the caller may fetch its document.
 */
export function applyDelivery(state, e, now) {
  if (!e || !e.delivery_id || !e.status) {
    return { changed: false, needsDocument: false };
  }
  noteEvent(state, now);
  const rank = deliveryRank(e.status, e.leg);
  let d = state.deliveries.get(e.delivery_id);
  if (!d) {
    d = newDelivery(e.delivery_id);
    state.deliveries.set(e.delivery_id, d);
  }
  const ts = toMillis(e.ts) || now;
  const handBack = handsBack(d, e, ts);
  if (!handBack && !advances(d, rank)) {
    return { changed: false, needsDocument: false };
  }
  d.eventRecvMs = now;
  const requested = toMillis(e.requested_at);
  if (requested != null) {
    d.requested_ms = requested;
  }
  const prevRank = d.rank;
  d.rank = rank;
  d.status = e.status;
  d.leg = e.leg || null;
  d.drone_id = handBack ? null : e.drone_id || d.drone_id;
  d.updated_ms = ts;
  trackActive(state, d);

  if (handBack) {
    d.assigned_ms = null;
    d.handed_back_ms = ts;
    release(state, e.drone_id, d.id);
    pushLog(state, {
      ts_ms: ts,
      kind: 'handed_back',
      drone_id: e.drone_id || null,
      delivery_id: d.id,
      text: reasonText(e.reason),
    });
  } else if (e.status === 'assigned') {
    d.assigned_ms = d.assigned_ms || ts;
    if (d.requested_ms != null) {
      state.samples.assignLatency.add(now, Math.max(0, ts - d.requested_ms));
    }
    pushLog(state, {
      ts_ms: ts,
      kind: 'assigned',
      drone_id: d.drone_id,
      delivery_id: d.id,
      text: 'assigned',
    });
  }
  if (rank === 3 && prevRank < 3) {
    pushLog(state, {
      ts_ms: ts,
      kind: 'picked_up',
      drone_id: d.drone_id,
      delivery_id: d.id,
      text: 'picked up',
    });
  }
  if (e.status === 'delivered') {
    d.delivered_ms = ts;
    state.samples.delivered.add(now);
    if (d.requested_ms != null) {
      state.samples.deliverLatency.add(now, Math.max(0, ts - d.requested_ms));
    }
    if (d.drone_id) {
      state.flashes.set(d.drone_id, now + FLASH_MS);
    }
    release(state, d.drone_id, d.id);
    pushLog(state, {
      ts_ms: ts,
      kind: 'delivered',
      drone_id: d.drone_id,
      delivery_id: d.id,
      text: 'delivered',
    });
  } else if (e.status === 'failed') {
    d.failed_ms = ts;
    d.failure_reason = e.reason || null;
    d.failed_pos = failurePosition(state, d);
    release(state, d.drone_id, d.id);
    pushLog(state, {
      ts_ms: ts,
      kind: 'failed',
      drone_id: d.drone_id,
      delivery_id: d.id,
      text: reasonText(d.failure_reason),
    });
  } else if (d.drone_id) {
    const drone = state.drones.get(d.drone_id);
    if (drone) {
      drone.current_delivery = d.id;
      drone.leg = d.leg;
    }
  }
  evict(state);
  return {
    changed: true,
    needsDocument: (state.active.has(d.id) || state.failed.has(d.id)) && !d.origin,
  };
}

/** Applies a `kpi` event (the gateway's KPI payload). */
export function applyKpi(state, k, now) {
  if (!k || typeof k !== 'object') {
    return false;
  }
  noteEvent(state, now);
  state.serverKpi = { data: k, receivedMs: now };
  return true;
}

/** Active deliveries (assigned, in flight), newest request first. */
export function activeDeliveries(state, limit = 50) {
  const out = [];
  for (const id of state.active) {
    const d = state.deliveries.get(id);
    if (d) {
      out.push(d);
    }
  }
  out.sort((a, b) => (b.requested_ms || 0) - (a.requested_ms || 0));
  return out.slice(0, limit);
}

/** Drops finished flashes; returns true while any flash is still running. */
export function pruneFlashes(state, now) {
  for (const [id, until] of state.flashes) {
    if (until <= now) {
      state.flashes.delete(id);
    }
  }
  return state.flashes.size > 0;
}

function pushLog(state, entry) {
  state.log.unshift(entry);
  if (state.log.length > LOG_LENGTH) {
    state.log.length = LOG_LENGTH;
  }
}

function noteEvent(state, now) {
  state.lastEventMs = now;
  state.eventCount++;
}

/** Dispatches one SSE message by event name; unknown names are ignored. */
export function applyEvent(state, name, data, now) {
  switch (name) {
    case 'telemetry':
      return { changed: applyTelemetry(state, data, now), needsDocument: false };
    case 'fleet':
      return { changed: applyFleet(state, data, now), needsDocument: false };
    case 'delivery':
      return applyDelivery(state, data, now);
    case 'kpi':
      return { changed: applyKpi(state, data, now), needsDocument: false };
    default:
      return { changed: false, needsDocument: false };
  }
}
