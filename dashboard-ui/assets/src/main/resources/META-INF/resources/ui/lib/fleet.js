// Which drones of the model are drones: one rule for the map, the fleet counters, the zone labels,
// the hover and the drones table, so they always agree with each other and with GET /drones.
// Whatever the page hears is kept in the model (a drone registered after the page loaded is
// first heard of on the stream); what is not a valid drone is never drawn, counted nor listed.
// Pure: no DOM.

// lost: silent or stuck beyond the dispatcher's liveness limit; drawn where it was last heard of
export const STATUSES = Object.freeze(['idle', 'busy', 'charging', 'retiring', 'lost', 'inactive']);
export const CLASSES = Object.freeze(['light', 'medium', 'heavy']);

const STATUS_SET = new Set(STATUSES);
const CLASS_SET = new Set(CLASSES);

/**
 * A drone missing from the last KV listing counts while its telemetry is this fresh, by the
 * telemetry clock (the newest telemetry heard): a drone registers in the KV before it reports, so
 * a new one shows at once, while a message about an id the KV does not hold (replayed on
 * reconnect, left by an earlier run) cannot add a dot that stays.
 */
export const UNLISTED_TTL_MS = 30000;

export function isStatus(v) {
  return STATUS_SET.has(v);
}

export function isClass(v) {
  return CLASS_SET.has(v);
}

/**
 * A position the map can draw, {lat, lon}, or null: finite numbers on the globe and, when the
 * service area is known, inside it (the gateway lists no drone outside it either).
 */
export function validPosition(p, area) {
  if (!p || !Number.isFinite(p.lat) || !Number.isFinite(p.lon)) {
    return null;
  }
  if (Math.abs(p.lat) > 90 || Math.abs(p.lon) > 180) {
    return null;
  }
  if (area && (p.lat < area.lat_min || p.lat > area.lat_max || p.lon < area.lon_min || p.lon > area.lon_max)) {
    return null;
  }
  return { lat: p.lat, lon: p.lon };
}

/**
 * Whether a drone of the model is one: a known class and status, a position, and either in the
 * KV listing or heard live (see UNLISTED_TTL_MS). The reducers only ever store known classes and
 * statuses and valid positions.
 */
export function isFleetMember(state, d) {
  if (!CLASS_SET.has(d.type) || !STATUS_SET.has(d.status) || d.lat == null || d.lon == null) {
    return false;
  }
  return d.listed || (d.ts > 0 && d.ts >= state.newestTelemetryMs - UNLISTED_TTL_MS);
}

/** A fleet member the map draws: inactive drones are hidden, as the original did. */
export function isVisible(state, d) {
  return d.status !== 'inactive' && isFleetMember(state, d);
}
