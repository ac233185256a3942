// HTML for the tables, the event log and the tooltip, as strings built from the state. Pure:
// every value coming from the server is escaped here, the page only assigns innerHTML.

import { reasonText, recentFailures } from './failures.js';
import { isFleetMember } from './fleet.js';
import { zoneOf } from './state.js';
import { formatCount, formatDuration } from './kpi.js';

const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(v) {
  return String(v == null ? '' : v).replace(/[&<>"']/g, (c) => ESC[c]);
}

/** First 8 characters of a delivery id, as the original showed them. */
export function shortId(id) {
  if (!id) {
    return '—';
  }
  return id.length > 8 ? id.slice(0, 8) : id;
}

/** HH:MM:SS in the viewer's local time. */
export function clock(ms) {
  if (ms == null) {
    return '—';
  }
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** "drone-12" < "drone-100": compare by trailing number, then by text. */
export function compareIds(a, b) {
  const na = trailingNumber(a);
  const nb = trailingNumber(b);
  if (na != null && nb != null && a.slice(0, a.length - String(na).length) === b.slice(0, b.length - String(nb).length)) {
    return na - nb;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function trailingNumber(s) {
  const m = /(\d+)$/.exec(s);
  return m ? Number(m[1]) : null;
}

function badge(cls, text) {
  return `<span class="badge ${escapeHtml(cls)}">${escapeHtml(text)}</span>`;
}

function legText(leg) {
  if (leg === 'to_origin') {
    return '→ pickup';
  }
  if (leg === 'to_destination') {
    return '→ drop-off';
  }
  return '';
}

export function deliveryRowsHtml(list, now) {
  if (list.length === 0) {
    return '<tr><td colspan="6" class="muted">no active deliveries</td></tr>';
  }
  let html = '';
  for (const d of list) {
    const route = `${escapeHtml(d.origin_zone || '?')} → ${escapeHtml(d.destination_zone || '?')}`;
    const age = d.requested_ms != null ? formatDuration(Math.max(0, now - d.requested_ms)) : '—';
    html +=
      `<tr data-id="${escapeHtml(d.id)}">` +
      `<td class="id" title="${escapeHtml(d.id)}">${escapeHtml(shortId(d.id))}</td>` +
      `<td>${badge(d.status, d.status)}<span class="leg">${legText(d.leg)}</span></td>` +
      `<td class="mono">${escapeHtml(d.drone_id || '—')}</td>` +
      `<td class="num">${d.weight != null ? d.weight.toFixed(1) : '—'}</td>` +
      `<td class="muted">${route}</td>` +
      `<td class="num">${age}</td>` +
      '</tr>';
  }
  return html;
}

/** Fleet members matching the filter, in id order, at most `limit`; also how many matched. */
export function filterDrones(sortedIds, state, filter, limit) {
  const q = (filter.query || '').trim().toLowerCase();
  const st = filter.status || '';
  const rows = [];
  let matched = 0;
  for (const id of sortedIds) {
    const d = state.drones.get(id);
    if (!d || !isFleetMember(state, d)) {
      continue;
    }
    if (st && d.status !== st) {
      continue;
    }
    if (q && !id.toLowerCase().includes(q)) {
      continue;
    }
    matched++;
    if (rows.length < limit) {
      rows.push(d);
    }
  }
  return { rows, matched };
}

function batteryColor(b) {
  if (b < 30) {
    return 'var(--bad)';
  }
  if (b < 60) {
    return 'var(--charging)';
  }
  return 'var(--idle)';
}

export function droneRowsHtml(rows, zones) {
  if (rows.length === 0) {
    return '<tr><td colspan="8" class="muted">no drones</td></tr>';
  }
  let html = '';
  for (const d of rows) {
    const b = d.battery == null ? null : Math.max(0, Math.min(100, d.battery));
    const bat =
      b == null
        ? '—'
        : `<span class="bat"><i style="--pct:${b.toFixed(0)}%;--bat-color:${batteryColor(b)}"></i>${Math.round(b)}%</span>`;
    html +=
      `<tr data-id="${escapeHtml(d.id)}">` +
      `<td class="id">${escapeHtml(d.id)}</td>` +
      `<td>${escapeHtml(d.type || '—')}</td>` +
      `<td>${escapeHtml(zoneOf(zones, d.lat, d.lon) || '—')}</td>` +
      `<td>${badge(d.status || 'unknown', d.status || '?')}</td>` +
      `<td>${bat}</td>` +
      `<td class="mono" title="${escapeHtml(d.current_delivery || '')}">${escapeHtml(shortId(d.current_delivery))}</td>` +
      `<td class="num mono">${d.lat == null ? '—' : d.lat.toFixed(5)}</td>` +
      `<td class="num mono">${d.lon == null ? '—' : d.lon.toFixed(5)}</td>` +
      '</tr>';
  }
  return html;
}

const KIND_TEXT = {
  assigned: 'assigned',
  picked_up: 'picked up',
  delivered: 'delivered',
  failed: 'failed',
  handed_back: 'handed back',
  lost: 'lost',
  found: 'found',
  charging: 'charging',
  retiring: 'retiring',
  retired: 'retired',
  activated: 'activated',
  charged: 'charged',
  released: 'released',
};

export function logHtml(entries) {
  if (entries.length === 0) {
    return '<li class="empty">waiting for events…</li>';
  }
  let html = '';
  for (const e of entries) {
    // a failure or a hand-back says why; the other delivery steps are their kind alone
    const why = e.kind === 'failed' || e.kind === 'handed_back' ? ` · ${escapeHtml(e.text)}` : '';
    const what = e.delivery_id
      ? `${escapeHtml(shortId(e.delivery_id))} · ${escapeHtml(e.drone_id || '—')}${why}`
      : `${escapeHtml(e.drone_id || '—')} · ${escapeHtml(e.text || '')}`;
    html +=
      `<li data-kind="${escapeHtml(e.kind)}">` +
      `<time>${clock(e.ts_ms)}</time>` +
      `<span class="kind ${escapeHtml(e.kind)}">${escapeHtml(KIND_TEXT[e.kind] || e.kind)}</span>` +
      `<span class="what">${what}</span></li>`;
  }
  return html;
}

/**
 * What the admission tile and banner say about an `admissionStatus`: the tile's state word and
 * detail line, and the banner's text (null while nothing is refused).
 */
export function admissionText(status) {
  const limit = status.max_wait_s == null ? null : formatDuration(status.max_wait_s * 1000);
  if (status.state !== 'closed') {
    const word = { open: 'open', warming_up: 'warming up', unknown: '—' }[status.state];
    return { word, detail: limit ? `wait limit ${limit}` : 'no report', banner: null };
  }
  const several = status.closed.length > 1;
  const parts = status.closed.map(
    (c) =>
      `${several ? `${c.weight_class}: ` : ''}estimated wait ` +
      `${formatDuration(c.estimated_wait_s * 1000)}${c.basis === 'oldest_pending' ? ' or more' : ''}` +
      `, ${formatCount(c.pending)} pending`,
  );
  const names = status.closed.map((c) => c.weight_class).join(', ');
  return {
    word: 'closed',
    detail: status.closed
      .map((c) => `${c.weight_class} ${formatDuration(c.estimated_wait_s * 1000)}`)
      .join(' · '),
    banner:
      `Admission closed for ${names}${several ? ' — ' : ': '}${parts.join('; ')}` +
      `${limit ? ` (limit ${limit})` : ''}. New ${names} orders are refused with 503 until the` +
      ' backlog drains.',
  };
}

export function tooltipHtml(d, state, now) {
  const del = d.current_delivery ? state.deliveries.get(d.current_delivery) : null;
  // a lost drone holds no delivery any more: the one that failed with it is named instead
  const failed = del ? null : recentFailures(state, now).find((f) => f.drone_id === d.id);
  const failedText = failed
    ? `${escapeHtml(shortId(failed.id))} ${badge('failed', 'failed')} ${escapeHtml(reasonText(failed.failure_reason))}`
    : '—';
  const delivery = d.current_delivery
    ? `${escapeHtml(shortId(d.current_delivery))}${d.leg ? ` ${escapeHtml(legText(d.leg))}` : ''}`
    : failedText;
  const battery = d.battery == null ? '—' : `${d.battery.toFixed(0)}%`;
  return (
    `<div class="tt-id">${escapeHtml(d.id)}</div><dl>` +
    `<dt>class</dt><dd>${escapeHtml(d.type || '—')}</dd>` +
    `<dt>zone</dt><dd>${escapeHtml(zoneOf(state.zones, d.lat, d.lon) || '—')}</dd>` +
    `<dt>status</dt><dd>${badge(d.status || 'unknown', d.status || '?')}</dd>` +
    `<dt>battery</dt><dd>${battery}${d.at_charge ? ' · at charger' : ''}</dd>` +
    `<dt>delivery</dt><dd>${delivery}</dd>` +
    (del && del.destination_zone
      ? `<dt>route</dt><dd>${escapeHtml(del.origin_zone || '?')} → ${escapeHtml(del.destination_zone)}</dd>`
      : '') +
    '</dl>'
  );
}

/** The tooltip of a failed delivery's cross on the map: what failed, when, where and why. */
export function failureTooltipHtml(d) {
  const route = `${escapeHtml(d.origin_zone || '?')} → ${escapeHtml(d.destination_zone || '?')}`;
  return (
    `<div class="tt-id">${escapeHtml(shortId(d.id))}</div><dl>` +
    `<dt>status</dt><dd>${badge('failed', 'failed')}</dd>` +
    `<dt>reason</dt><dd>${escapeHtml(reasonText(d.failure_reason))}</dd>` +
    `<dt>drone</dt><dd>${escapeHtml(d.drone_id || '—')}</dd>` +
    `<dt>route</dt><dd>${route}</dd>` +
    `<dt>weight</dt><dd>${d.weight != null ? `${d.weight.toFixed(1)} kg` : '—'}</dd>` +
    `<dt>failed</dt><dd>${clock(d.failed_ms)}</dd>` +
    '</dl>'
  );
}
