// Canvas 2D drawing of the map, in three layers: the background (area, zone cells, borders) drawn
// when the size or the zones change; the routes (origin -> destination of active deliveries)
// drawn when a delivery changes; and the live layer (trails, failed-delivery crosses, drones,
// lost-drone rings, flashes, hover, names and charge points on top) redrawn at most once per
// animation frame. Drones are batched into one path per (status, class), so a frame costs a dozen
// fills whatever the fleet size. Needs only a CanvasRenderingContext2D-like object, so tests pass
// a recording fake.

import { failureMark, recentFailures } from './failures.js';
import { isVisible } from './fleet.js';

export const STATUS_COLORS = Object.freeze({
  idle: '#34d399',
  busy: '#60a5fa',
  charging: '#fbbf24',
  retiring: '#9ca3af',
  lost: '#f87171',
});
export const FLASH_COLOR = '#c084fc';
/** A failed delivery's cross, where its parcel was last known. */
export const FAILED_COLOR = '#fb7185';
const FAILED_ARM = 6;
export const CLASS_RADIUS = Object.freeze({ light: 2.4, medium: 3.2, heavy: 4.0 });
const DEFAULT_RADIUS = 3.0;

const THEME = {
  water: '#0b1220',
  area: '#111a2b',
  zoneFillA: 'rgba(96,165,250,0.045)',
  zoneFillB: 'rgba(96,165,250,0.09)',
  grid: 'rgba(148,163,184,0.35)',
  frame: 'rgba(148,163,184,0.7)',
  label: 'rgba(203,213,225,0.75)',
  charge: '#f8fafc',
  chargeFill: '#0f172a',
  toOrigin: 'rgba(251,191,36,0.55)',
  toDestination: 'rgba(96,165,250,0.6)',
  font: '600 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  smallFont: '10px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
};

/** Radius scale: bigger dots when the fleet is small, the class sizes when it is dense. */
export function densityScale(visible) {
  if (visible <= 0) {
    return 1.8;
  }
  return Math.min(1.8, Math.max(0.7, Math.sqrt(1500 / visible)));
}

export function drawBackground(ctx, proj, zones) {
  const { width, height } = proj;
  ctx.fillStyle = THEME.water;
  ctx.fillRect(0, 0, width, height);
  const f = proj.frame;
  ctx.fillStyle = THEME.area;
  ctx.fillRect(f.x, f.y, f.w, f.h);
  if (!zones) {
    return;
  }
  // zone cells, checkered so neighbours read apart
  for (const z of zones.zones) {
    const r = proj.rect(z.bounds);
    ctx.fillStyle = (z.row + z.col) % 2 === 0 ? THEME.zoneFillA : THEME.zoneFillB;
    ctx.fillRect(r.x, r.y, r.w, r.h);
  }
  // km graticule, faint, every 2 km
  ctx.strokeStyle = 'rgba(148,163,184,0.08)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  const stepPx = proj.pxPerKm * 2;
  if (stepPx > 6) {
    for (let x = f.x + stepPx; x < f.x + f.w; x += stepPx) {
      ctx.moveTo(Math.round(x) + 0.5, f.y);
      ctx.lineTo(Math.round(x) + 0.5, f.y + f.h);
    }
    for (let y = f.y + stepPx; y < f.y + f.h; y += stepPx) {
      ctx.moveTo(f.x, Math.round(y) + 0.5);
      ctx.lineTo(f.x + f.w, Math.round(y) + 0.5);
    }
  }
  ctx.stroke();
  // zone borders
  ctx.strokeStyle = THEME.grid;
  ctx.setLineDash([4, 4]);
  ctx.beginPath();
  for (const z of zones.zones) {
    const r = proj.rect(z.bounds);
    ctx.rect(r.x + 0.5, r.y + 0.5, r.w, r.h);
  }
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.strokeStyle = THEME.frame;
  ctx.strokeRect(f.x + 0.5, f.y + 0.5, f.w - 1, f.h - 1);
}

/**
 * Draws the route layer: origin -> destination of every active delivery, one path per leg, and
 * a tick at each destination. Routes change only when a delivery changes, so the page keeps this
 * layer on its own canvas and redraws it when `state.routesVersion` moves, not every frame.
 * Returns the number of routes drawn.
 */
export function drawRoutes(ctx, proj, state) {
  ctx.clearRect(0, 0, proj.width, proj.height);
  const legPaths = { to_origin: [], to_destination: [] };
  let lines = 0;
  for (const id of state.active) {
    const d = state.deliveries.get(id);
    if (!d || !d.origin || !d.destination) {
      continue;
    }
    (d.leg === 'to_destination' ? legPaths.to_destination : legPaths.to_origin).push(d);
    lines++;
  }
  if (lines === 0) {
    return 0;
  }
  // many routes: fainter, so the map stays readable
  ctx.globalAlpha = Math.min(1, Math.max(0.18, 10 / Math.sqrt(lines)));
  ctx.lineWidth = 1;
  for (const [leg, list] of Object.entries(legPaths)) {
    if (list.length === 0) {
      continue;
    }
    ctx.strokeStyle = leg === 'to_destination' ? THEME.toDestination : THEME.toOrigin;
    ctx.beginPath();
    for (const d of list) {
      ctx.moveTo(proj.x(d.origin.lon), proj.y(d.origin.lat));
      ctx.lineTo(proj.x(d.destination.lon), proj.y(d.destination.lat));
    }
    ctx.stroke();
  }
  ctx.fillStyle = 'rgba(226,232,240,0.9)';
  for (const list of Object.values(legPaths)) {
    for (const d of list) {
      ctx.fillRect(proj.x(d.destination.lon) - 1.5, proj.y(d.destination.lat) - 1.5, 3, 3);
    }
  }
  ctx.globalAlpha = 1;
  return lines;
}

/**
 * Draws the live layer: trails, drones, flashes, the hovered drone, then zone names and charge
 * points on top so they stay legible. Returns the number of drones drawn.
 * opts: {now, hoverId, trailPoints}
 */
export function drawLive(ctx, proj, state, opts = {}) {
  const now = opts.now || 0;
  const maxTrail = opts.trailPoints == null ? 12 : opts.trailPoints;
  ctx.clearRect(0, 0, proj.width, proj.height);

  // 2. group visible drones by status and class
  const groups = new Map();
  let visible = 0;
  for (const d of state.drones.values()) {
    if (!isVisible(state, d)) {
      continue;
    }
    visible++;
    const key = `${d.status}|${d.type}`;
    let g = groups.get(key);
    if (!g) {
      g = { status: d.status, type: d.type, list: [] };
      groups.set(key, g);
    }
    g.list.push(d);
  }
  const scale = densityScale(visible);

  // 3. trails, one path per status, faint
  if (maxTrail > 1) {
    ctx.lineWidth = 1;
    ctx.globalAlpha = 0.35;
    const byStatus = new Map();
    for (const g of groups.values()) {
      const arr = byStatus.get(g.status) || [];
      arr.push(g.list);
      byStatus.set(g.status, arr);
    }
    for (const [status, lists] of byStatus) {
      ctx.strokeStyle = STATUS_COLORS[status] || '#e2e8f0';
      ctx.beginPath();
      for (const list of lists) {
        for (const d of list) {
          traceTrail(ctx, proj, d, maxTrail);
        }
      }
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
  }

  // 3b. failed deliveries of the last hour: one path of crosses, under the drones (a lost drone
  // with its parcel on board keeps its colour; the arms show around it)
  drawFailures(ctx, proj, recentFailures(state, now));

  // 4. drones: one filled path per (status, class)
  for (const g of groups.values()) {
    const r = (CLASS_RADIUS[g.type] || DEFAULT_RADIUS) * scale;
    ctx.fillStyle = STATUS_COLORS[g.status] || '#e2e8f0';
    ctx.beginPath();
    for (const d of g.list) {
      const x = proj.x(d.lon);
      const y = proj.y(d.lat);
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, Math.PI * 2);
    }
    ctx.fill();
  }

  // 4b. lost drones: a ring around the dot, so they read apart at a glance whatever the density
  const lost = [...groups.values()].filter((g) => g.status === 'lost');
  if (lost.length > 0) {
    ctx.strokeStyle = STATUS_COLORS.lost;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (const g of lost) {
      const r = (CLASS_RADIUS[g.type] || DEFAULT_RADIUS) * scale + 2.5;
      for (const d of g.list) {
        const x = proj.x(d.lon);
        const y = proj.y(d.lat);
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, Math.PI * 2);
      }
    }
    ctx.stroke();
    ctx.lineWidth = 1;
  }

  // 5. delivered flashes (purple ring for a second)
  if (state.flashes.size > 0) {
    ctx.strokeStyle = FLASH_COLOR;
    ctx.fillStyle = FLASH_COLOR;
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (const [id, until] of state.flashes) {
      const d = state.drones.get(id);
      if (!d || !isVisible(state, d) || until <= now) {
        continue;
      }
      const x = proj.x(d.lon);
      const y = proj.y(d.lat);
      const r = (CLASS_RADIUS[d.type] || DEFAULT_RADIUS) * scale + 3;
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, Math.PI * 2);
    }
    ctx.stroke();
    ctx.lineWidth = 1;
  }

  // 6. hovered drone: ring and its delivery route
  if (opts.hoverId) {
    drawHover(ctx, proj, state, opts.hoverId, scale);
  }
  drawOverlay(ctx, proj, state.zones, opts.zoneCounts);
  return visible;
}

function drawFailures(ctx, proj, failed) {
  const marks = failed.map(failureMark).filter((p) => p);
  if (marks.length === 0) {
    return;
  }
  ctx.strokeStyle = FAILED_COLOR;
  ctx.lineWidth = 2;
  ctx.beginPath();
  for (const p of marks) {
    const x = proj.x(p.lon);
    const y = proj.y(p.lat);
    ctx.moveTo(x - FAILED_ARM, y - FAILED_ARM);
    ctx.lineTo(x + FAILED_ARM, y + FAILED_ARM);
    ctx.moveTo(x + FAILED_ARM, y - FAILED_ARM);
    ctx.lineTo(x - FAILED_ARM, y + FAILED_ARM);
  }
  ctx.stroke();
  ctx.lineWidth = 1;
}

/** Zone names with their drone counts (dark halo) and charge points, drawn above the drones. */
function drawOverlay(ctx, proj, zones, zoneCounts) {
  if (!zones) {
    return;
  }
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  ctx.lineJoin = 'round';
  ctx.lineWidth = 3;
  ctx.strokeStyle = 'rgba(7,11,20,0.85)';
  ctx.fillStyle = THEME.label;
  for (const z of zones.zones) {
    const r = proj.rect(z.bounds);
    if (r.w < 38 || r.h < 18) {
      continue;
    }
    ctx.font = r.w > 90 ? THEME.font : THEME.smallFont;
    ctx.strokeText(z.name, r.x + 6, r.y + 5);
    ctx.fillText(z.name, r.x + 6, r.y + 5);
    const c = zoneCounts && zoneCounts[z.name];
    if (c && r.w > 110 && r.h > 40) {
      const line =
        r.w > 240
          ? `${c.drones} drones · ${c.busy} busy · ${c.charging} charging`
          : `${c.drones} drones · ${c.busy} busy`;
      ctx.font = THEME.smallFont;
      ctx.strokeText(line, r.x + 6, r.y + 20);
      ctx.fillText(line, r.x + 6, r.y + 20);
    }
  }
  ctx.lineWidth = 1;
  for (const z of zones.zones) {
    if (!z.charge) {
      continue;
    }
    const x = proj.x(z.charge.lon);
    const y = proj.y(z.charge.lat);
    ctx.fillStyle = THEME.chargeFill;
    ctx.fillRect(x - 5, y - 5, 10, 10);
    ctx.strokeStyle = THEME.charge;
    ctx.lineWidth = 1.2;
    ctx.strokeRect(x - 4.5, y - 4.5, 9, 9);
    ctx.beginPath();
    ctx.moveTo(x + 1, y - 3);
    ctx.lineTo(x - 2, y + 0.5);
    ctx.lineTo(x + 1.5, y + 0.5);
    ctx.lineTo(x - 1, y + 3.5);
    ctx.stroke();
    ctx.lineWidth = 1;
  }
}

function traceTrail(ctx, proj, d, maxTrail) {
  const n = Math.min(d.trailLen, maxTrail);
  if (n < 2) {
    return;
  }
  const size = d.trail.length / 2;
  const start = (d.trailHead - n + size) % size;
  for (let i = 0; i < n; i++) {
    const k = ((start + i) % size) * 2;
    const x = proj.x(d.trail[k + 1]);
    const y = proj.y(d.trail[k]);
    if (i === 0) {
      ctx.moveTo(x, y);
    } else {
      ctx.lineTo(x, y);
    }
  }
}

function drawHover(ctx, proj, state, id, scale) {
  const d = state.drones.get(id);
  if (!d || !isVisible(state, d)) {
    return;
  }
  const x = proj.x(d.lon);
  const y = proj.y(d.lat);
  const del = d.current_delivery ? state.deliveries.get(d.current_delivery) : null;
  if (del && del.origin && del.destination) {
    ctx.strokeStyle = '#f8fafc';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(x, y);
    const first = d.leg === 'to_destination' ? del.destination : del.origin;
    ctx.lineTo(proj.x(first.lon), proj.y(first.lat));
    if (d.leg !== 'to_destination') {
      ctx.lineTo(proj.x(del.destination.lon), proj.y(del.destination.lat));
    }
    ctx.stroke();
  }
  const r = (CLASS_RADIUS[d.type] || DEFAULT_RADIUS) * scale + 4;
  ctx.strokeStyle = '#f8fafc';
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.arc(x, y, r, 0, Math.PI * 2);
  ctx.stroke();
  ctx.lineWidth = 1;
}

/** The recent failed delivery whose cross is nearest to a pixel, within maxPx; null if none. */
export function nearestFailure(state, proj, px, py, now, maxPx = 10) {
  let best = null;
  let bestD2 = maxPx * maxPx;
  for (const d of recentFailures(state, now)) {
    const p = failureMark(d);
    if (!p) {
      continue;
    }
    const dx = proj.x(p.lon) - px;
    const dy = proj.y(p.lat) - py;
    const d2 = dx * dx + dy * dy;
    if (d2 <= bestD2) {
      bestD2 = d2;
      best = d;
    }
  }
  return best;
}

/** The visible drone nearest to a pixel, within maxPx; null if none. */
export function nearestDrone(state, proj, px, py, maxPx = 10) {
  let best = null;
  let bestD2 = maxPx * maxPx;
  for (const d of state.drones.values()) {
    if (!isVisible(state, d)) {
      continue;
    }
    const dx = proj.x(d.lon) - px;
    const dy = proj.y(d.lat) - py;
    const d2 = dx * dx + dy * dy;
    if (d2 <= bestD2) {
      bestD2 = d2;
      best = d;
    }
  }
  return best;
}
