import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spentText, timelineHtml } from '../../main/resources/META-INF/resources/ui/lib/timeline.js';

// the shape GET /deliveries/{id}/timeline answers
const STORY = {
  delivery_id: 'd-1',
  state: 'assigned',
  request: null,
  timeline: [
    { at: '2026-12-07T00:00:00Z', step: 'requested', drone_id: null, detail: 'medium, 5.2 kg, zone 2 -> zone 1', spent_s: 0.2 },
    {
      at: '2026-12-07T00:00:00.200Z',
      step: 'waiting',
      drone_id: null,
      detail: 'out_of_range: idle drones of its class, none within MAX_PICKUP_KM (4 looked at)',
      spent_s: 0.8,
    },
    { at: '2026-12-07T00:00:01Z', step: 'assigned', drone_id: 'drone-7', detail: '5 drones looked at', spent_s: 12.5 },
  ],
  decisions: [
    {
      at: '2026-12-07T00:00:01Z',
      drone_id: 'drone-7',
      candidates_considered: 5,
      rejections: { range: 3 },
      chosen: { drone_id: 'drone-7', distance_km: 0.31, distance_bucket: 1, zone_rank: 0, battery: 60, speed_kmh: 60 },
      runners_up: [
        {
          keys: { drone_id: 'drone-3', distance_km: 0.52, distance_bucket: 2, zone_rank: 0, battery: 90, speed_kmh: 60, lost_on: 'distance_bucket' },
          why: 'farther: 0.52 km (bucket 2) against 0.31 km (bucket 1)',
        },
      ],
    },
  ],
  telemetry: [],
};

test('every step is a row with the time spent in it', () => {
  const html = timelineHtml(STORY);
  const steps = [...html.matchAll(/<tr data-step="([a-z_]+)">/g)].map((m) => m[1]);
  assert.deepEqual(steps, ['requested', 'waiting', 'assigned']);
  assert.match(html, /<td class="num">800 ms<\/td>/);
  assert.match(html, /<td class="num">12\.5 s<\/td>/);
});

test('the waiting reasons are listed, and the decision names the winner and why each runner-up lost', () => {
  const html = timelineHtml(STORY);
  assert.match(html, /Why it waited<\/h3><ul class="tl-waits"><li>[^<]*out_of_range: idle drones/);
  assert.match(html, /Decision at [^:]+:\d\d:\d\d: drone-7<\/h3>/);
  assert.match(html, /5 drones looked at, rejected range 3/);
  assert.match(html, /<tr class="chosen"><td class="mono">drone-7<\/td>.*<td>chosen<\/td>/);
  assert.match(html, /drone-3<\/td>.*lost: farther: 0\.52 km \(bucket 2\) against 0\.31 km \(bucket 1\)/);
});

test('a delivery that never waited has no reasons, and a recovered decision says what is missing', () => {
  const story = {
    ...STORY,
    timeline: STORY.timeline.filter((s) => s.step !== 'waiting'),
    decisions: [{ ...STORY.decisions[0], rejections: { recovered: 1 }, chosen: null, runners_up: [] }],
  };
  const html = timelineHtml(story);
  assert.doesNotMatch(html, /Why it waited/);
  assert.match(html, /recovered from the KV/);
  assert.doesNotMatch(html, /tl-decision/);
});

test('server text is escaped', () => {
  const html = timelineHtml({ ...STORY, delivery_id: '<img src=x>', decisions: [] });
  assert.doesNotMatch(html, /<img/);
  assert.match(html, /&lt;img src=x&gt;/);
});

test('the step a finished delivery ended in has no time spent', () => {
  assert.equal(spentText(null), '');
  assert.equal(spentText(2), '2.0 s');
});

test('the step a delivery in progress is in shows its time so far', () => {
  assert.equal(spentText(2, true), '2.0 s so far');
  const html = timelineHtml({
    ...STORY,
    timeline: [{ at: '2026-12-07T00:00:00Z', step: 'requested', drone_id: null, detail: '', spent_s: 3, ongoing: true }],
  });
  assert.match(html, /3\.0 s so far/);
});
