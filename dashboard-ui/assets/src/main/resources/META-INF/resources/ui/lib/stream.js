// The SSE connection to GET /stream, with the connection state the header shows.
//
// EventSource already retries a dropped connection by itself and resumes with Last-Event-ID; this
// wrapper adds what it lacks: a new connection with backoff when the browser gives up (an HTTP
// error closes the EventSource for good), a watchdog for a silent stream (the gateway sends a
// `kpi` every second, so a minute without messages means a dead proxy), and a `resync` callback
// after any interruption so the caller reloads the REST snapshot. The EventSource constructor and
// the timers are injected, so it is tested without a browser.

export const EVENT_NAMES = Object.freeze(['delivery', 'telemetry', 'fleet', 'kpi']);

/** 0.5 s, 1 s, 2 s ... capped at 15 s. */
export function backoffDelay(attempt, baseMs = 500, maxMs = 15000) {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
}

const CLOSED = 2;
const clockMs = () => (globalThis.performance ? globalThis.performance.now() : Date.now());

export class StreamClient {
  /**
   * @param url relative URL of the stream
   * @param opts {onEvent(name, data, id), onStatus(state, detail), onResync(),
   *              EventSourceImpl, setTimer, clearTimer, now, staleMs}
   */
  constructor(url, opts) {
    this.url = url;
    this.onEvent = opts.onEvent;
    this.onStatus = opts.onStatus || (() => {});
    this.onResync = opts.onResync || (() => {});
    this.EventSourceImpl = opts.EventSourceImpl || globalThis.EventSource;
    this.setTimer = opts.setTimer || ((f, ms) => setTimeout(f, ms));
    this.clearTimer = opts.clearTimer || ((t) => clearTimeout(t));
    this.now = opts.now || (() => Date.now());
    this.staleMs = opts.staleMs || 20000;
    this.resyncAfterMs = opts.resyncAfterMs == null ? 3000 : opts.resyncAfterMs;
    this.interruptedAt = null;
    this.recreated = false;
    this.es = null;
    this.attempt = 0;
    this.retryTimer = null;
    this.watchdog = null;
    this.interrupted = false;
    this.lastMessageMs = null;
    this.state = 'idle';
    this.stopped = false;
    this.parseMs = 0; // time spent in JSON.parse, for the page's perf figures
    this.reconnects = 0; // connections reopened after an interruption
  }

  start() {
    this.stopped = false;
    this.open();
  }

  stop() {
    this.stopped = true;
    this.clearTimer(this.retryTimer);
    this.clearTimer(this.watchdog);
    if (this.es) {
      this.es.close();
      this.es = null;
    }
    this.setState('offline', 'stopped');
  }

  setState(state, detail) {
    this.state = state;
    this.onStatus(state, detail);
  }

  open() {
    if (this.stopped) {
      return;
    }
    this.setState(this.attempt === 0 && !this.interrupted ? 'connecting' : 'reconnecting');
    const es = new this.EventSourceImpl(this.url);
    this.es = es;
    es.onopen = () => {
      if (es !== this.es) {
        return;
      }
      this.attempt = 0;
      this.lastMessageMs = this.now();
      this.setState('live');
      this.armWatchdog();
      if (this.interrupted) {
        const long = this.interruptedAt != null && this.now() - this.interruptedAt >= this.resyncAfterMs;
        const resync = this.recreated || long;
        this.reconnects++;
        this.interrupted = false;
        this.interruptedAt = null;
        this.recreated = false;
        if (resync) {
          this.onResync();
        }
      }
    };
    es.onerror = () => {
      if (es !== this.es) {
        return;
      }
      this.markInterrupted();
      if (es.readyState === CLOSED) {
        this.reconnectLater('closed');
      } else {
        this.setState('reconnecting', 'retrying'); // the browser retries by itself
      }
    };
    for (const name of EVENT_NAMES) {
      es.addEventListener(name, (ev) => {
        if (es !== this.es) {
          return;
        }
        this.lastMessageMs = this.now();
        let data;
        const t0 = clockMs();
        try {
          data = JSON.parse(ev.data);
        } catch (err) {
          return; // a malformed message is skipped, the stream goes on
        } finally {
          this.parseMs += clockMs() - t0;
        }
        this.onEvent(name, data, ev.lastEventId);
      });
    }
  }

  markInterrupted() {
    if (!this.interrupted) {
      this.interrupted = true;
      this.interruptedAt = this.now();
    }
  }

  reconnectLater(reason) {
    this.markInterrupted();
    this.recreated = true; // a new EventSource sends no Last-Event-ID: the stream cannot catch up
    if (this.es) {
      this.es.close();
      this.es = null;
    }
    this.clearTimer(this.watchdog);
    this.clearTimer(this.retryTimer);
    const delay = backoffDelay(this.attempt++);
    this.setState('reconnecting', `${reason}; retry in ${Math.round(delay / 100) / 10} s`);
    this.retryTimer = this.setTimer(() => this.open(), delay);
  }

  armWatchdog() {
    this.clearTimer(this.watchdog);
    this.watchdog = this.setTimer(() => this.checkStale(), Math.max(1000, this.staleMs / 4));
  }

  checkStale() {
    if (this.stopped || !this.es) {
      return;
    }
    if (this.lastMessageMs != null && this.now() - this.lastMessageMs > this.staleMs) {
      this.reconnectLater('silent stream');
      return;
    }
    this.armWatchdog();
  }
}

/**
 * Of the messages buffered while the first snapshot loaded ([name, data, receivedMs]), those to
 * apply on top of it: the ones received after it was requested (the earlier ones are in it, the
 * KV being written before events are published), and every `kpi` (not part of the snapshot).
 */
export function afterSnapshot(buffered, requestedMs) {
  return buffered.filter(([name, , receivedMs]) => receivedMs >= requestedMs || name === 'kpi');
}
