// The page: loads the first state over REST, then follows GET /stream (SSE); events only mutate
// the state and mark it dirty, and one requestAnimationFrame callback draws whatever changed, so
// the cost of a frame does not grow with the event rate. `?synthetic=5000` runs the same reducers
// and drawing on a generated fleet with no backend and shows frame times; `?perf` shows them live.

import { createProjection } from './lib/projection.js';
import {
  activeDeliveries,
  applyEvent,
  createState,
  loadActiveDeliveries,
  loadDeliveries,
  loadDrones,
  loadZones,
  mergeDeliveryDocument,
  pruneFlashes,
  seedLog,
  applyDelivery,
  applyFleet,
  applyTelemetry,
  zoneOf,
} from './lib/state.js';
import {
  admissionStatus,
  countByZone,
  displayedKpis,
  formatCount,
  formatDuration,
  percentile,
} from './lib/kpi.js';
import { drawBackground, drawLive, drawRoutes, nearestDrone, nearestFailure } from './lib/render.js';
import { afterSnapshot, StreamClient } from './lib/stream.js';
import { prng, syntheticFleet, syntheticZones, telemetryBurst } from './lib/synthetic.js';
import { timelineHtml } from './lib/timeline.js';
import {
  admissionText,
  clock,
  compareIds,
  deliveryRowsHtml,
  droneRowsHtml,
  failureTooltipHtml,
  filterDrones,
  logHtml,
  tooltipHtml,
} from './lib/view.js';

const params = new URLSearchParams(location.search);
const SYNTHETIC = Math.max(0, Math.min(50000, Number(params.get('synthetic')) || 0));
const SHOW_PERF = SYNTHETIC > 0 || params.has('perf');
const LAYERS = new Set((params.get('layers') || 'trails,routes').split(','));
const DELIVERIES_LIMIT = 200;
const FAILED_LIMIT = 200; // the latest failures, for their crosses on the map
const DRONE_ROWS = 150;
const HEALING_RELOAD_MS = 60000;
const MAX_BUFFERED = 100000; // stream messages kept while the first snapshot loads

// The app root is the folder above ui/, so API calls stay relative (nginx, path prefixes).
const ROOT = new URL('../', import.meta.url);
const api = (path) => new URL(path, ROOT).toString();

const $ = (id) => document.getElementById(id);
const el = {
  wrap: $('map-wrap'),
  bg: $('map-bg'),
  routes: $('map-routes'),
  showTrails: $('show-trails'),
  showRoutes: $('show-routes'),
  map: $('map'),
  tooltip: $('tooltip'),
  perf: $('perf'),
  conn: $('conn'),
  connText: $('conn-text'),
  lastUpdate: $('last-update'),
  rate: $('event-rate'),
  banner: $('banner'),
  admissionBanner: $('admission-banner'),
  admissionState: $('admission-state'),
  admissionDetail: $('admission-detail'),
  deliveries: document.querySelector('#deliveries tbody'),
  deliveriesCount: $('deliveries-count'),
  drones: document.querySelector('#drones tbody'),
  dronesCount: $('drones-count'),
  log: $('log'),
  search: $('drone-search'),
  statusFilter: $('drone-status'),
  kpiSource: $('kpi-source'),
  timeline: $('timeline'),
  timelineBody: $('timeline-body'),
  timelineClose: $('timeline-close'),
  kpis: [...document.querySelectorAll('[data-kpi]')],
};

const state = createState();
const bgCtx = el.bg.getContext('2d');
const routesCtx = el.routes.getContext('2d');
let routesDrawn = -1;
const ctx = el.map.getContext('2d');
let proj = null;
let rafPending = false;
let hoverId = null;
let lastDraw = { drones: 0, lines: 0 };
let loaded = false;
let buffered = [];

// ------------------------------------------------------------------ frame loop and perf

// Frame intervals count while frames follow each other (animation, or a stream busy enough to
// dirty every frame); a gap longer than IDLE_GAP_MS is idleness, not a slow frame.
const IDLE_GAP_MS = 250;
const perf = { intervals: [], draws: [], lastTs: null, max: 600, handlerMs: 0, since: performance.now() };
function resetPerf() {
  perf.intervals = [];
  perf.draws = [];
  perf.lastTs = null;
  perf.handlerMs = 0;
  perf.since = performance.now();
  if (client) {
    client.parseMs = 0;
  }
}
function record(arr, v) {
  arr.push(v);
  if (arr.length > perf.max) {
    arr.shift();
  }
}

function invalidate() {
  if (!rafPending) {
    rafPending = true;
    requestAnimationFrame(frame);
  }
}

function frame(ts) {
  rafPending = false;
  if (SYNTHETIC) {
    syntheticTick(ts);
  }
  const t0 = performance.now();
  const now = Date.now();
  const flashing = pruneFlashes(state, now);
  if (proj) {
    if (routesDrawn !== state.routesVersion) {
      routesDrawn = state.routesVersion;
      lastDraw.lines = el.showRoutes.checked ? drawRoutes(routesCtx, proj, state) : 0;
      if (!el.showRoutes.checked) {
        routesCtx.clearRect(0, 0, proj.width, proj.height);
      }
      el.map.dataset.drawnLines = String(lastDraw.lines);
    }
    lastDraw.drones = drawLive(ctx, proj, state, {
      now,
      hoverId,
      zoneCounts,
      trailPoints: el.showTrails.checked ? (state.drones.size > 3000 ? 6 : 12) : 0,
    });
    el.map.dataset.drawnDrones = String(lastDraw.drones);
  }
  const t1 = performance.now();
  if (perf.lastTs != null && (SYNTHETIC || ts - perf.lastTs < IDLE_GAP_MS)) {
    record(perf.intervals, ts - perf.lastTs);
  }
  record(perf.draws, t1 - t0);
  perf.lastTs = ts;
  if (SYNTHETIC || flashing) {
    invalidate();
  }
}

function perfSummary() {
  const p = (arr, q) => {
    const v = percentile(arr, q);
    return v == null ? null : Math.round(v * 100) / 100;
  };
  return {
    drones: state.drones.size,
    drawn: lastDraw.drones,
    frames: perf.intervals.length,
    frame_ms_p50: p(perf.intervals, 50),
    frame_ms_p95: p(perf.intervals, 95),
    frame_ms_max: p(perf.intervals, 100),
    draw_ms_p50: p(perf.draws, 50),
    draw_ms_p95: p(perf.draws, 95),
    // main-thread time spent parsing and applying stream messages, per second of wall time
    handler_ms_per_s: Math.round(
      ((perf.handlerMs + (client ? client.parseMs : 0)) * 1000) /
        Math.max(1, performance.now() - perf.since),
    ),
    events_per_s: eventRate,
    reconnects: client ? client.reconnects : 0,
  };
}

// ------------------------------------------------------------------ canvas size

function resize() {
  const r = el.wrap.getBoundingClientRect();
  const w = Math.max(1, Math.round(r.width));
  const h = Math.max(1, Math.round(r.height));
  const dpr = Math.min(2, window.devicePixelRatio || 1);
  for (const [c, cx] of [
    [el.bg, bgCtx],
    [el.routes, routesCtx],
    [el.map, ctx],
  ]) {
    c.width = Math.round(w * dpr);
    c.height = Math.round(h * dpr);
    cx.setTransform(dpr, 0, 0, dpr, 0, 0);
  }
  if (state.zones) {
    proj = createProjection(state.zones.bounds, w, h, 10);
    drawBackground(bgCtx, proj, state.zones);
    routesDrawn = -1;
  }
  invalidate();
}

new ResizeObserver(resize).observe(el.wrap);

// ------------------------------------------------------------------ panels (throttled)

let zoneCounts = {};
let panelsSeen = -1;
let panelsAt = 0;
let sortedIds = [];
let sortedFor = -1;
let eventRate = 0;
let rateCount = 0;
let rateAt = Date.now();

function setKpi(node, value, text) {
  node.dataset.value = value == null ? '' : String(value);
  if (node.textContent !== text) {
    node.textContent = text;
  }
}

function renderKpis(now) {
  const k = displayedKpis(state, now);
  let total = 0;
  for (const v of Object.values(k.drones_by_status)) {
    total += v;
  }
  for (const node of el.kpis) {
    const key = node.dataset.kpi;
    if (key === 'drones_total') {
      setKpi(node, total, formatCount(total));
      continue;
    }
    const path = key.split('.');
    const a = path[0];
    const v = path.reduce((o, p) => (o == null ? null : o[p]), k);
    if (a.endsWith('latency_ms')) {
      setKpi(node, v, formatDuration(v));
    } else if (a === 'oldest_pending_age_s') {
      setKpi(node, v, v ? formatDuration(v * 1000) : '—');
    } else if (a === 'deliveries_per_minute') {
      setKpi(node, v, v == null ? '—' : v.toFixed(1));
    } else {
      setKpi(node, v == null ? 0 : v, formatCount(v == null ? 0 : v));
    }
  }
  el.kpiSource.textContent = k.source === 'server' ? 'gateway, live' : 'local estimate';
  renderAdmission(now);
}

function renderAdmission(now) {
  const status = admissionStatus(state, now);
  const text = admissionText(status);
  el.admissionState.dataset.state = status.state;
  el.admissionState.textContent = text.word;
  el.admissionDetail.textContent = text.detail;
  el.admissionBanner.hidden = !text.banner;
  el.admissionBanner.textContent = text.banner || '';
  el.admissionBanner.dataset.classes = status.closed.map((c) => c.weight_class).join(',');
}

function renderPanels(force) {
  const now = Date.now();
  if (now - rateAt >= 1000) {
    eventRate = Math.round(((state.eventCount - rateCount) * 1000) / (now - rateAt));
    rateCount = state.eventCount;
    rateAt = now;
    el.rate.textContent = `${formatCount(eventRate)} msg/s`;
  }
  el.lastUpdate.textContent = state.lastEventMs ? clock(state.lastEventMs) : '—';
  renderKpis(now);
  if (!force && state.eventCount === panelsSeen && now - panelsAt < 2000) {
    return;
  }
  panelsSeen = state.eventCount;
  panelsAt = now;
  zoneCounts = countByZone(state, zoneOf);
  invalidate();
  const active = activeDeliveries(state, 60);
  el.deliveries.innerHTML = deliveryRowsHtml(active, now);
  el.deliveriesCount.textContent = `${formatCount(state.active.size)}`;
  el.log.innerHTML = logHtml(state.log);
  if (sortedFor !== state.fleetVersion) {
    sortedIds = [...state.drones.keys()].sort(compareIds);
    sortedFor = state.fleetVersion;
  }
  const filter = { query: el.search.value, status: el.statusFilter.value };
  const { rows, matched } = filterDrones(sortedIds, state, filter, DRONE_ROWS);
  el.drones.innerHTML = droneRowsHtml(rows, state.zones);
  el.dronesCount.textContent =
    matched > rows.length ? `${rows.length} of ${formatCount(matched)}` : formatCount(matched);
  if (hoverId && !el.tooltip.hidden) {
    const d = state.drones.get(hoverId);
    if (d) {
      el.tooltip.innerHTML = tooltipHtml(d, state, now);
    }
  }
  if (SHOW_PERF) {
    const s = perfSummary();
    el.perf.hidden = false;
    el.perf.textContent =
      `${s.drawn} drones drawn · ${formatCount(s.events_per_s)} ev/s\n` +
      `frame p50 ${s.frame_ms_p50 ?? '—'} ms  p95 ${s.frame_ms_p95 ?? '—'} ms\n` +
      `draw  p50 ${s.draw_ms_p50 ?? '—'} ms  p95 ${s.draw_ms_p95 ?? '—'} ms\n` +
      `stream parse+apply ${s.handler_ms_per_s} ms/s`;
  }
}

setInterval(() => renderPanels(false), 500);
el.search.addEventListener('input', () => renderPanels(true));
el.showTrails.checked = LAYERS.has('trails');
el.showRoutes.checked = LAYERS.has('routes');
el.showTrails.addEventListener('change', invalidate);
el.showRoutes.addEventListener('change', () => {
  routesDrawn = -1;
  invalidate();
});
el.statusFilter.addEventListener('change', () => renderPanels(true));

// ------------------------------------------------------------------ hover

function hideTooltip() {
  el.tooltip.hidden = true;
  if (hoverId) {
    hoverId = null;
    invalidate();
  }
}

el.map.addEventListener('pointermove', (e) => {
  if (!proj) {
    return;
  }
  const r = el.map.getBoundingClientRect();
  const px = e.clientX - r.left;
  const py = e.clientY - r.top;
  const reach = e.pointerType === 'touch' ? 18 : 10;
  const d = nearestDrone(state, proj, px, py, reach);
  const now = Date.now();
  // a failed delivery's cross answers where no drone is near
  const failed = d ? null : nearestFailure(state, proj, px, py, now, reach);
  if (!d && !failed) {
    hideTooltip();
    return;
  }
  const id = d ? d.id : null;
  if (id !== hoverId) {
    hoverId = id;
    invalidate();
  }
  el.tooltip.innerHTML = d ? tooltipHtml(d, state, now) : failureTooltipHtml(failed);
  el.tooltip.hidden = false;
  const tw = el.tooltip.offsetWidth;
  const th = el.tooltip.offsetHeight;
  el.tooltip.style.left = `${Math.min(px + 14, r.width - tw - 4)}px`;
  el.tooltip.style.top = `${py + 14 + th > r.height ? py - th - 10 : py + 14}px`;
});
el.map.addEventListener('pointerleave', hideTooltip);

// ------------------------------------------------------------------ delivery timeline

let timelineFor = null;

async function openTimeline(id) {
  timelineFor = id;
  el.timeline.hidden = false;
  el.timeline.dataset.deliveryId = id;
  el.timelineBody.textContent = 'loading…';
  try {
    const story = await fetchJson(`deliveries/${encodeURIComponent(id)}/timeline`);
    if (timelineFor === id) {
      el.timelineBody.innerHTML = timelineHtml(story);
    }
  } catch (e) {
    if (timelineFor === id) {
      el.timelineBody.textContent = `no timeline for ${id}: ${e.message}`;
    }
  }
}

function closeTimeline() {
  timelineFor = null;
  el.timeline.hidden = true;
}

// pointerdown, not click: the table is redrawn every half second, and a row replaced between
// press and release would swallow the click
el.deliveries.addEventListener('pointerdown', (e) => {
  const row = e.target.closest('tr[data-id]');
  if (row) {
    openTimeline(row.dataset.id);
  }
});
el.map.addEventListener('pointerdown', (e) => {
  if (!proj) {
    return;
  }
  const r = el.map.getBoundingClientRect();
  const d = nearestDrone(state, proj, e.clientX - r.left, e.clientY - r.top, e.pointerType === 'touch' ? 18 : 10);
  if (d && d.current_delivery) {
    openTimeline(d.current_delivery);
  }
});
el.timelineClose.addEventListener('click', closeTimeline);
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape') {
    closeTimeline();
  }
});

// ------------------------------------------------------------------ connection state

function setConn(s, detail) {
  el.conn.dataset.state = s;
  el.connText.textContent = s;
  el.conn.title = detail || '';
}

function banner(text) {
  el.banner.hidden = !text;
  el.banner.textContent = text || '';
}

// ------------------------------------------------------------------ REST

async function fetchJson(path) {
  const res = await fetch(api(path), { headers: { Accept: 'application/json' } });
  if (!res.ok) {
    throw new Error(`${path}: HTTP ${res.status}`);
  }
  return res.json();
}

async function loadSnapshot(withZones) {
  const requestedMs = Date.now();
  const [zones, drones, deliveries, active, failed] = await Promise.all([
    withZones ? fetchJson('zones') : Promise.resolve(null),
    fetchJson('drones'),
    fetchJson(`deliveries?limit=${DELIVERIES_LIMIT}`),
    fetchJson('deliveries?status=active'),
    fetchJson(`deliveries?status=failed&limit=${FAILED_LIMIT}`),
  ]);
  if (zones) {
    loadZones(state, zones);
    resize();
  }
  loadDrones(state, drones, requestedMs);
  loadDeliveries(state, deliveries);
  loadDeliveries(state, failed);
  loadActiveDeliveries(state, active, requestedMs);
  if (withZones) {
    seedLog(state, deliveries, failed);
  }
  return requestedMs;
}

async function initialLoad() {
  try {
    const requestedMs = await loadSnapshot(true);
    loaded = true;
    const pending = buffered;
    buffered = [];
    const now = Date.now();
    for (const [name, data] of afterSnapshot(pending, requestedMs)) {
      handle(name, data, now);
    }
    banner(null);
    renderPanels(true);
    invalidate();
  } catch (err) {
    banner(`Cannot load the first state (${err.message}); retrying…`);
    setTimeout(initialLoad, 3000);
  }
}

async function resync() {
  if (!loaded) {
    return;
  }
  try {
    await loadSnapshot(false);
    banner(null);
    renderPanels(true);
    invalidate();
  } catch (err) {
    banner(`Reload after reconnect failed (${err.message})`);
  }
}

// A delivery first heard of on the stream has no coordinates: fetch its document, a few at a time.
const docQueue = [];
const docWanted = new Set();
let docInFlight = 0;
function wantDocument(id) {
  if (docWanted.has(id) || docQueue.length >= 200) {
    return;
  }
  docWanted.add(id);
  docQueue.push(id);
  pumpDocuments();
}
function pumpDocuments() {
  while (docInFlight < 4 && docQueue.length > 0) {
    const id = docQueue.shift();
    docInFlight++;
    fetchJson(`deliveries/${encodeURIComponent(id)}`)
      .then((doc) => {
        mergeDeliveryDocument(state, doc);
        invalidate();
      })
      .catch(() => {})
      .finally(() => {
        docInFlight--;
        docWanted.delete(id);
        pumpDocuments();
      });
  }
}

// ------------------------------------------------------------------ SSE

function handle(name, data, now) {
  const t0 = performance.now();
  const r = applyEvent(state, name, data, now);
  perf.handlerMs += performance.now() - t0;
  if (r.needsDocument && data && data.delivery_id) {
    wantDocument(data.delivery_id);
  }
  if (r.changed && name !== 'kpi') {
    invalidate();
  }
}

let client = null;
function startLive() {
  client = new StreamClient(api('stream'), {
    onEvent: (name, data) => {
      if (!loaded) {
        buffered.push([name, data, Date.now()]);
        if (buffered.length > MAX_BUFFERED) {
          // the oldest half goes: the likeliest to be in the snapshot anyway
          buffered.splice(0, MAX_BUFFERED / 2);
        }
        return;
      }
      handle(name, data, Date.now());
    },
    onStatus: setConn,
    onResync: resync,
  });
  client.start();
  initialLoad();
  // the drones and the active deliveries now and then: heals a status whose event was lost (e.g.
  // a resume that the gateway could not replay in full); what was heard of after the request is
  // kept
  setInterval(() => {
    if (loaded && client && client.state === 'live') {
      const requestedMs = Date.now();
      Promise.all([fetchJson('drones'), fetchJson('deliveries?status=active')])
        .then(([drones, active]) => {
          loadDrones(state, drones, requestedMs);
          loadActiveDeliveries(state, active, requestedMs);
          invalidate();
        })
        .catch(() => {});
    }
  }, HEALING_RELOAD_MS);
  // deliveries listing now and then: coordinates of new jobs, pending backlog for the estimate
  setInterval(() => {
    if (loaded) {
      fetchJson(`deliveries?limit=${DELIVERIES_LIMIT}`)
        .then((json) => {
          loadDeliveries(state, json);
          invalidate();
        })
        .catch(() => {});
    }
  }, 10000);
}

// ------------------------------------------------------------------ synthetic load

let synth = null;
function startSynthetic() {
  const grid = /^(\d+)x(\d+)$/.exec(params.get('grid') || '2x2') || [null, '2', '2'];
  const zones = syntheticZones(Number(grid[1]), Number(grid[2]));
  const fleet = syntheticFleet(SYNTHETIC, zones);
  loadZones(state, zones);
  loadDrones(state, fleet.drones);
  loadDeliveries(state, fleet.deliveries);
  loaded = true;
  synth = {
    rand: prng(42),
    cursor: {},
    rate: Number(params.get('rate')) || SYNTHETIC, // telemetry events per second
    lastTs: null,
    jobs: 0,
  };
  setConn('synthetic', `${SYNTHETIC} generated drones, no backend`);
  resize();
  renderPanels(true);
  invalidate();
}

function syntheticTick(ts) {
  const dt = synth.lastTs == null ? 16 : Math.min(100, ts - synth.lastTs);
  synth.lastTs = ts;
  const now = Date.now();
  const n = Math.round((synth.rate * dt) / 1000);
  for (const t of telemetryBurst(state, synth.rand, n, synth.cursor, now)) {
    applyTelemetry(state, t, now);
  }
  // about two deliveries finish and two start per second
  if (synth.rand() < dt / 500) {
    const busy = activeDeliveries(state, 400);
    const done = busy[Math.floor(synth.rand() * busy.length)];
    if (done && done.drone_id) {
      applyDelivery(state, { delivery_id: done.id, status: 'delivered', drone_id: done.drone_id, ts: new Date(now).toISOString() }, now);
      applyFleet(state, { drone_id: done.drone_id, from: 'busy', to: 'idle', reason: 'delivered', ts: new Date(now).toISOString() }, now);
    }
    const idle = [...state.drones.values()].find((d) => d.status === 'idle' && d.lat != null);
    if (idle) {
      const id = `job-s${++synth.jobs}`;
      const b = state.zones.bounds;
      const rp = () => ({ lat: b.lat_min + synth.rand() * (b.lat_max - b.lat_min), lon: b.lon_min + synth.rand() * (b.lon_max - b.lon_min) });
      const requested = new Date(now - 1500).toISOString();
      const [o, dst] = [rp(), rp()];
      mergeDeliveryDocument(state, {
        id,
        status: 'pending',
        origin: o,
        destination: dst,
        origin_zone: zoneOf(state.zones, o.lat, o.lon),
        destination_zone: zoneOf(state.zones, dst.lat, dst.lon),
        weight: 2,
        requested_at: requested,
      });
      applyFleet(state, { drone_id: idle.id, from: 'idle', to: 'busy', reason: 'assigned', ts: new Date(now).toISOString() }, now);
      applyDelivery(state, { delivery_id: id, status: 'assigned', drone_id: idle.id, leg: 'to_origin', requested_at: requested, ts: new Date(now).toISOString() }, now);
    }
  }
}

// ------------------------------------------------------------------ start

window.__dashboard = {
  state,
  perf: perfSummary,
  resetPerf,
  lastDraw: () => lastDraw,
  project: (lat, lon) => (proj ? { x: proj.x(lon), y: proj.y(lat) } : null),
  loaded: () => loaded,
};

if (SYNTHETIC) {
  startSynthetic();
} else {
  startLive();
}
