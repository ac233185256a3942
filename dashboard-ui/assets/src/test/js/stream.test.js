import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterSnapshot, backoffDelay, EVENT_NAMES, StreamClient } from '../../main/resources/META-INF/resources/ui/lib/stream.js';

/** A scriptable EventSource: the test opens, errors and emits. */
class FakeEventSource {
  static instances = [];
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.listeners = {};
    this.closed = false;
    FakeEventSource.instances.push(this);
  }
  addEventListener(name, f) {
    (this.listeners[name] ||= []).push(f);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.onopen();
  }
  fail(readyState) {
    this.readyState = readyState;
    this.onerror(new Event('error'));
  }
  emit(name, data, id) {
    for (const f of this.listeners[name] || []) {
      f({ data: typeof data === 'string' ? data : JSON.stringify(data), lastEventId: id });
    }
  }
}

function harness() {
  FakeEventSource.instances = [];
  const timers = [];
  let clock = 0;
  const seen = { events: [], states: [], resyncs: 0 };
  const client = new StreamClient('stream', {
    EventSourceImpl: FakeEventSource,
    onEvent: (name, data, id) => seen.events.push([name, data, id]),
    onStatus: (s) => seen.states.push(s),
    onResync: () => seen.resyncs++,
    setTimer: (f, ms) => {
      const t = { f, at: clock + ms, done: false };
      timers.push(t);
      return t;
    },
    clearTimer: (t) => {
      if (t) t.done = true;
    },
    now: () => clock,
    staleMs: 20000,
  });
  const advance = (ms) => {
    clock += ms;
    for (const t of timers) {
      if (!t.done && t.at <= clock) {
        t.done = true;
        t.f();
      }
    }
  };
  const last = () => FakeEventSource.instances[FakeEventSource.instances.length - 1];
  return { client, seen, advance, last };
}

test('backoff doubles from half a second and is capped', () => {
  assert.deepEqual([0, 1, 2, 3].map((a) => backoffDelay(a)), [500, 1000, 2000, 4000]);
  assert.equal(backoffDelay(20), 15000);
});

test('connects, reports live, and hands every named event over parsed', () => {
  const { client, seen, last } = harness();
  client.start();
  assert.equal(last().url, 'stream');
  last().open();
  for (const name of EVENT_NAMES) {
    last().emit(name, { n: name }, `id-${name}`);
  }
  last().emit('kpi', 'not json');
  assert.deepEqual(seen.states, ['connecting', 'live']);
  assert.deepEqual(
    seen.events.map((e) => e[0]),
    ['delivery', 'telemetry', 'fleet', 'kpi'],
  );
  assert.deepEqual(seen.events[0], ['delivery', { n: 'delivery' }, 'id-delivery']);
  assert.equal(seen.resyncs, 0);
});

test('a quick automatic reconnect resumes without a reload; a long outage reloads the snapshot', () => {
  const { client, seen, advance, last } = harness();
  client.start();
  last().open();
  last().fail(0); // CONNECTING: EventSource retries with Last-Event-ID by itself
  assert.equal(seen.states.at(-1), 'reconnecting');
  advance(800);
  last().open(); // e.g. the gateway dropped a client that fell behind: it resumes from the id
  assert.equal(seen.states.at(-1), 'live');
  assert.equal(seen.resyncs, 0);
  assert.equal(FakeEventSource.instances.length, 1);
  last().fail(0);
  advance(1500);
  last().fail(0); // still down: the outage counts from the first error
  advance(1500);
  last().open(); // e.g. a gateway restart: events may be gone from its memory
  assert.equal(seen.resyncs, 1);
  assert.equal(client.reconnects, 2);
});

test('a closed EventSource is replaced after a growing backoff', () => {
  const { client, seen, advance, last } = harness();
  client.start();
  last().fail(2); // CLOSED: e.g. the gateway answered 502
  assert.equal(seen.states.at(-1), 'reconnecting');
  advance(499);
  assert.equal(FakeEventSource.instances.length, 1);
  advance(1);
  assert.equal(FakeEventSource.instances.length, 2);
  last().fail(2);
  advance(999);
  assert.equal(FakeEventSource.instances.length, 2);
  advance(1);
  assert.equal(FakeEventSource.instances.length, 3);
  last().open();
  assert.equal(seen.states.at(-1), 'live');
  assert.equal(seen.resyncs, 1);
  // messages of a replaced EventSource are ignored
  FakeEventSource.instances[0].emit('kpi', { stale: true });
  assert.equal(seen.events.length, 0);
});

test('a silent stream is torn down and reopened', () => {
  const { client, seen, advance, last } = harness();
  client.start();
  last().open();
  advance(10000);
  last().emit('kpi', {});
  advance(15000);
  assert.equal(FakeEventSource.instances.length, 1, 'a message 15 s ago is fine');
  advance(10000);
  assert.ok(FakeEventSource.instances[0].closed, 'silent for more than 20 s');
  advance(500);
  assert.equal(FakeEventSource.instances.length, 2);
  assert.ok(seen.states.includes('reconnecting'));
});

test('stop closes the connection and cancels retries', () => {
  const { client, seen, advance, last } = harness();
  client.start();
  last().fail(2);
  client.stop();
  advance(60000);
  assert.equal(FakeEventSource.instances.length, 1);
  assert.equal(seen.states.at(-1), 'offline');
});

test('buffered messages older than the snapshot request are dropped, kpi always kept', () => {
  const buffered = [
    ['telemetry', { n: 1 }, 900],
    ['kpi', { n: 2 }, 950],
    ['fleet', { n: 3 }, 1000],
    ['delivery', { n: 4 }, 1200],
  ];
  assert.deepEqual(
    afterSnapshot(buffered, 1000).map(([, d]) => d.n),
    [2, 3, 4],
  );
});
