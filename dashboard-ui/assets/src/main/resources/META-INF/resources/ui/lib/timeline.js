// HTML for the delivery panel from GET /deliveries/{id}/timeline (the story ops explain tells):
// its steps with when each began and the time spent in it, why it waited, and each assignment's
// decision. Pure, like view.js: every server value is escaped here.

import { formatDuration } from './kpi.js';
import { clock, escapeHtml } from './view.js';

/** The panel's content for a story. */
export function timelineHtml(story) {
  const waits = story.timeline.filter((s) => s.step === 'waiting');
  return (
    `<div class="tl-head"><span class="mono">${escapeHtml(story.delivery_id)}</span>` +
    ` <span class="badge ${escapeHtml(story.state)}">${escapeHtml(story.state)}</span></div>` +
    stepsHtml(story.timeline) +
    (waits.length === 0
      ? ''
      : '<h3>Why it waited</h3><ul class="tl-waits">' +
        waits.map((w) => `<li>${escapeHtml(clock(Date.parse(w.at)))} ${escapeHtml(w.detail)}</li>`).join('') +
        '</ul>') +
    story.decisions.map(decisionHtml).join('')
  );
}

/** The seconds spent in a step, or an empty cell for the step a finished delivery ended in. */
export function spentText(spentS, ongoing = false) {
  if (spentS == null) return '';
  return formatDuration(spentS * 1000) + (ongoing ? ' so far' : '');
}

function stepsHtml(steps) {
  let rows = '';
  for (const s of steps) {
    rows +=
      `<tr data-step="${escapeHtml(s.step)}">` +
      `<td class="mono" title="${escapeHtml(s.at)}">${escapeHtml(clock(Date.parse(s.at)))}</td>` +
      `<td>${escapeHtml(s.step)}</td>` +
      `<td class="mono">${escapeHtml(s.drone_id || '')}</td>` +
      `<td class="num">${escapeHtml(spentText(s.spent_s, s.ongoing))}</td>` +
      `<td class="muted">${escapeHtml(s.detail || '')}</td>` +
      '</tr>';
  }
  return (
    '<table class="grid tl-steps"><thead><tr><th>at</th><th>step</th><th>drone</th>' +
    `<th class="num">time in step</th><th>detail</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

function decisionHtml(d) {
  const rejected = Object.entries(d.rejections || {});
  const head =
    `<h3>Decision at ${escapeHtml(clock(Date.parse(d.at)))}: ${escapeHtml(d.drone_id || '—')}</h3>` +
    `<p class="muted">${d.candidates_considered} drones looked at, ` +
    (rejected.length === 0
      ? 'none rejected'
      : `rejected ${rejected.map(([k, n]) => `${escapeHtml(k)} ${n}`).join(', ')}`) +
    '</p>';
  if (!d.chosen) {
    return `${head}<p class="muted">recovered from the KV: what the pick saw is not recorded</p>`;
  }
  const rows = [rankRow(d.chosen, 'chosen', true)]
    .concat(d.runners_up.map((r) => rankRow(r.keys, `lost: ${r.why}`, false)))
    .join('');
  return (
    head +
    '<table class="grid tl-decision"><thead><tr><th>drone</th><th class="num">km</th>' +
    `<th class="num">battery</th><th class="num">km/h</th><th>why</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

function rankRow(k, why, chosen) {
  return (
    `<tr${chosen ? ' class="chosen"' : ''}>` +
    `<td class="mono">${escapeHtml(k.drone_id)}</td>` +
    `<td class="num">${Number(k.distance_km).toFixed(2)}</td>` +
    `<td class="num">${Number(k.battery).toFixed(1)}%</td>` +
    `<td class="num">${Number(k.speed_kmh).toFixed(0)}</td>` +
    `<td>${escapeHtml(why)}</td>` +
    '</tr>'
  );
}
