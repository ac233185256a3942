import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  admissionText,
  compareIds,
  deliveryRowsHtml,
  droneRowsHtml,
  escapeHtml,
  failureTooltipHtml,
  filterDrones,
  logHtml,
  shortId,
  tooltipHtml,
} from '../../main/resources/META-INF/resources/ui/lib/view.js';
import { createState, loadDeliveries, loadDrones, loadZones } from '../../main/resources/META-INF/resources/ui/lib/state.js';
import { syntheticZones } from '../../main/resources/META-INF/resources/ui/lib/synthetic.js';

test('server text is escaped', () => {
  assert.equal(escapeHtml('<img src=x onerror="a">&\''), '&lt;img src=x onerror=&quot;a&quot;&gt;&amp;&#39;');
  const html = droneRowsHtml([{ id: '<b>', type: 'light', status: 'idle', lat: null, lon: null, battery: 50 }], null);
  assert.ok(!html.includes('<b>'));
  assert.ok(html.includes('&lt;b&gt;'));
});

test('ids sort by their number, short ids are 8 characters', () => {
  assert.deepEqual(['drone-10', 'drone-2', 'drone-1', 'alpha'].sort(compareIds), ['alpha', 'drone-1', 'drone-2', 'drone-10']);
  assert.equal(shortId('0123456789abcdef'), '01234567');
  assert.equal(shortId(null), '—');
});

test('drone rows filter by status and id, and report how many matched', () => {
  const s = createState();
  loadZones(s, syntheticZones(2, 2));
  const ids = ['drone-1', 'drone-2', 'drone-11', 'drone-12'];
  loadDrones(s, {
    items: ids.map((id, i) => ({ id, type: 'light', status: i % 2 ? 'busy' : 'idle', pos: { lat: 41.9, lon: 12.45 } })),
  });
  assert.deepEqual(filterDrones(ids, s, { status: 'busy' }, 10).rows.map((d) => d.id), ['drone-2', 'drone-12']);
  assert.deepEqual(filterDrones(ids, s, { query: '-1' }, 10).rows.map((d) => d.id), ['drone-1', 'drone-11', 'drone-12']);
  const limited = filterDrones(ids, s, {}, 2);
  assert.equal(limited.rows.length, 2);
  assert.equal(limited.matched, 4);
});

test('a drone row shows class, zone, status, battery, delivery and position', () => {
  const s = createState();
  loadZones(s, syntheticZones(2, 2));
  loadDrones(s, { items: [{ id: 'drone-7', type: 'medium', status: 'busy', battery: 42.4, pos: { lat: 41.85, lon: 12.55 }, current_delivery: 'abcdef0123456789' }] });
  const html = droneRowsHtml([s.drones.get('drone-7')], s.zones);
  for (const part of ['drone-7', 'medium', 'zone 3', 'badge busy', '42%', 'abcdef01', '41.85000', '12.55000']) {
    assert.ok(html.includes(part), `${part} in ${html}`);
  }
});

test('delivery rows show status with leg, drone, weight, route and age', () => {
  const s = createState();
  loadDeliveries(s, {
    items: [
      { id: '11111111-aaaa', status: 'in_flight', leg: 'to_destination', drone_id: 'drone-3', weight: 2.25, origin_zone: 'zone 0', destination_zone: 'zone 3', requested_at: '2026-11-23T18:00:00Z' },
    ],
  });
  const html = deliveryRowsHtml([s.deliveries.get('11111111-aaaa')], Date.parse('2026-11-23T18:00:05Z'));
  for (const part of ['11111111', 'in_flight', 'drop-off', 'drone-3', '2.3', 'zone 0 → zone 3', '5.0 s']) {
    assert.ok(html.includes(part), `${part} in ${html}`);
  }
  assert.ok(deliveryRowsHtml([], 0).includes('no active deliveries'));
});

test('the log lists kinds with their delivery and drone', () => {
  const html = logHtml([
    { ts_ms: 0, kind: 'picked_up', drone_id: 'drone-1', delivery_id: 'abcdefghijk' },
    { ts_ms: 0, kind: 'charging', drone_id: 'drone-2', delivery_id: null, text: 'idle → charging' },
  ]);
  assert.ok(html.includes('picked up') && html.includes('abcdefgh · drone-1'));
  assert.ok(html.includes('drone-2 · idle → charging'));
  assert.ok(logHtml([]).includes('waiting'));
});

test('the tooltip names id, class, zone, status, battery and delivery', () => {
  const s = createState();
  loadZones(s, syntheticZones(2, 2));
  loadDrones(s, { items: [{ id: 'drone-9', type: 'heavy', status: 'busy', battery: 77, pos: { lat: 41.95, lon: 12.4 }, current_delivery: 'job-1' }] });
  loadDeliveries(s, { items: [{ id: 'job-1', status: 'assigned', leg: 'to_origin', origin_zone: 'zone 0', destination_zone: 'zone 2' }] });
  const d = s.drones.get('drone-9');
  const html = tooltipHtml(d, s, Date.now());
  for (const part of ['drone-9', 'heavy', 'zone 0', 'busy', '77%', 'job-1', 'zone 0 → zone 2']) {
    assert.ok(html.includes(part), `${part} in ${html}`);
  }
});

test("a lost drone's tooltip names the delivery that failed with it, and why", () => {
  const s = createState();
  loadZones(s, syntheticZones(2, 2));
  const T = Date.parse('2026-12-06T10:00:00Z');
  loadDrones(s, { items: [{ id: 'drone-7', type: 'medium', status: 'lost', battery: 40, pos: { lat: 41.95, lon: 12.4 }, current_delivery: null }] });
  loadDeliveries(s, { items: [{ id: 'job-77777777', status: 'failed', drone_id: 'drone-7', failed_at: new Date(T - 1000).toISOString(), failure_reason: 'drone_lost' }] });
  const html = tooltipHtml(s.drones.get('drone-7'), s, T);
  assert.match(html, /class="badge lost">lost</);
  assert.match(html, /job-7777 <span class="badge failed">failed<\/span> drone lost/);
});

test('closed admission names the classes, their estimated waits and backlogs, and the limit', () => {
  const t = admissionText({
    state: 'closed',
    max_wait_s: 600,
    closed: [
      { weight_class: 'medium', pending: 12, estimated_wait_s: 700, basis: 'oldest_pending' },
      { weight_class: 'heavy', pending: 1234, estimated_wait_s: 2468, basis: 'assignment_rate' },
    ],
  });
  assert.equal(t.word, 'closed');
  assert.equal(t.detail, 'medium 11m 40s · heavy 41m 08s');
  assert.equal(
    t.banner,
    'Admission closed for medium, heavy — medium: estimated wait 11m 40s or more, 12 pending; ' +
      'heavy: estimated wait 41m 08s, 1\u2009234 pending (limit 10m 00s). ' +
      'New medium, heavy orders are refused with 503 until the backlog drains.',
  );
  assert.equal(
    admissionText({ state: 'closed', max_wait_s: 600, closed: [{ weight_class: 'light', pending: 3, estimated_wait_s: 612, basis: 'assignment_rate' }] }).banner,
    'Admission closed for light: estimated wait 10m 12s, 3 pending (limit 10m 00s). New light orders are refused with 503 until the backlog drains.',
  );
  assert.deepEqual(admissionText({ state: 'open', max_wait_s: 600, closed: [] }), { word: 'open', detail: 'wait limit 10m 00s', banner: null });
  assert.deepEqual(admissionText({ state: 'unknown', max_wait_s: null, closed: [] }), { word: '—', detail: 'no report', banner: null });
});

test('failures and hand-backs are logged with why; a failed delivery hovered on the map says so', () => {
  const html = logHtml([
    { ts_ms: 0, kind: 'failed', drone_id: 'drone-3', delivery_id: 'abcdef0123', text: 'drone lost' },
    { ts_ms: 0, kind: 'handed_back', drone_id: 'drone-4', delivery_id: 'fedcba9876', text: 'drone lost' },
    { ts_ms: 0, kind: 'lost', drone_id: 'drone-4', delivery_id: null, text: 'busy → lost (lost:silent)' },
  ]);
  assert.match(html, /data-kind="failed".*>failed<.*abcdef01 · drone-3 · drone lost/);
  assert.match(html, />handed back<.*fedcba98 · drone-4 · drone lost/);
  assert.match(html, />lost<.*drone-4 · busy → lost \(lost:silent\)/);

  const tip = failureTooltipHtml({ id: 'abcdef0123', failure_reason: 'no_drone', drone_id: null, origin_zone: 'zone 0', destination_zone: '<zone 3>', weight: 2, failed_ms: Date.parse('2026-12-06T10:00:00Z') });
  assert.match(tip, /abcdef01/);
  assert.match(tip, /class="badge failed">failed</);
  assert.match(tip, /<dd>no drone<\/dd>/);
  assert.match(tip, /zone 0 → &lt;zone 3&gt;/);
});
