// Drives the dashboard in Debian's headless Chromium through playwright-core, for
// DashboardBrowserTest (JUnit), which starts the real system and publishes events.
//
// Line protocol on stdout/stdin:
//   -> READY {json}       page loaded: drones drawn, KPIs compared with the REST API
//   <- PUBLISHED {json}   the test published a live event: {delivery_id, new_drone_id}
//   -> LIVE {json}        the live event's appearance time, the KPI check after it, and the
//                         timeline a press on the assigned delivery's row opened
//   <- RESTARTING         the test stops the gateway
//   -> DISCONNECTED {json} the page shows it is reconnecting
//   <- RESTARTED {json}   the gateway is back on the same port and {new_drone_id} was registered
//   -> RESULT {json}      reconnect time, other entry URLs, narrow screen, screenshots
//   <- LOSSES {json}      two drones were lost, two deliveries failed and one was handed back:
//                         {handed_back, drone_lost_failure, no_drone_failure, lost_drones}
//   -> LOSSES_SHOWN {json} lost drones in their colour, failures with their reasons (log, map
//                         cross, hover), the handed-back delivery pending, KPIs vs the REST API
//   <- REASSIGNED {json}  the handed-back delivery was assigned to another drone
//   -> REASSIGNED_SHOWN {json} it is listed as active with that drone, KPIs vs the REST API
//   <- BACKLOG            the test wrote a backlog, invalid drone documents and stray events,
//                         and admission is closed for a class
//   -> BACKLOG_SHOWN {json} a fresh page: admission banner and tile, active tile vs table, fleet
//                         tile vs map vs drones table, KPIs vs the REST API
//   -> FAIL message       anything went wrong; the process exits 1
//
// Usage: node dashboard-check.cjs <base-url> <screenshot-dir> <chromium-path>
'use strict';

const path = require('node:path');
const readline = require('node:readline');
const { chromium } = require('playwright-core');

const [baseUrl, shotDir, chromiumPath] = process.argv.slice(2);
const VIEWER = process.env.DD_VIEWER_USER;
const VIEWER_PASSWORD = process.env.DD_VIEWER_PASSWORD;
const BASIC = `Basic ${Buffer.from(`${VIEWER}:${VIEWER_PASSWORD}`).toString('base64')}`;
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const STATUSES = ['idle', 'busy', 'charging', 'retiring', 'lost', 'inactive'];
const CLASSES = ['light', 'medium', 'heavy'];
const FAILURE_REASONS = ['drone_lost', 'no_drone'];
const HOUR_MS = 3600000;
const STATUS_RGB = {
  idle: [0x34, 0xd3, 0x99],
  busy: [0x60, 0xa5, 0xfa],
  charging: [0xfb, 0xbf, 0x24],
  retiring: [0x9c, 0xa3, 0xaf],
  lost: [0xf8, 0x71, 0x71],
};

const out = (tag, obj) => process.stdout.write(`${tag} ${JSON.stringify(obj)}\n`);
const stdinLines = readline.createInterface({ input: process.stdin });
const waiting = [];
stdinLines.on('line', (line) => {
  const w = waiting.shift();
  if (w) {
    w(line);
  }
});
const nextLine = () => new Promise((resolve) => waiting.push(resolve));
async function expectLine(tag) {
  const line = await nextLine();
  if (line !== tag && !line.startsWith(`${tag} `)) {
    throw new Error(`expected ${tag}, got ${line}`);
  }
  return line;
}

/** GET from the gateway; a 503 (the KV briefly unavailable on a loaded machine) is retried. */
async function rest(p) {
  const deadline = Date.now() + 15000;
  for (;;) {
    const res = await fetch(new URL(p, baseUrl), { headers: { Authorization: BASIC } });
    if (res.ok) {
      return res.json();
    }
    if (res.status !== 503 || Date.now() > deadline) {
      throw new Error(`GET ${p}: HTTP ${res.status}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** What the KPI panel should show, from the REST API alone. */
async function expectedFromRest() {
  const drones = (await rest('drones')).items;
  const deliveries = (await rest('deliveries?limit=500')).items;
  const exp = { drones_total: drones.length };
  for (const s of STATUSES) {
    exp[`drones_by_status.${s}`] = drones.filter((d) => d.status === s).length;
  }
  for (const c of CLASSES) {
    exp[`drones_by_class.${c}`] = drones.filter((d) => d.type === c).length;
  }
  exp.pending = deliveries.filter((d) => d.status === 'pending').length;
  exp.active_deliveries = deliveries.filter(
    (d) => d.status === 'assigned' || d.status === 'in_flight',
  ).length;
  const failed = (await rest('deliveries?status=failed&limit=500')).items.filter(
    (d) => Date.now() - Date.parse(d.failed_at) <= HOUR_MS,
  );
  exp['failed_last_hour.total'] = failed.length;
  for (const r of FAILURE_REASONS) {
    exp[`failed_last_hour.by_reason.${r}`] = failed.filter((d) => d.failure_reason === r).length;
  }
  return { exp, drones, deliveries };
}

async function shownKpis(page) {
  return page.evaluate(() => {
    const o = {};
    for (const n of document.querySelectorAll('[data-kpi]')) {
      o[n.dataset.kpi] = n.dataset.value === '' ? null : Number(n.dataset.value);
    }
    o.source = document.getElementById('kpi-source').textContent;
    return o;
  });
}

function diff(exp, shown) {
  const d = {};
  for (const [k, v] of Object.entries(exp)) {
    if (shown[k] !== v) {
      d[k] = { rest: v, page: shown[k] };
    }
  }
  return d;
}

/**
 * Polls until the page's KPIs equal the REST API's figures (the gateway's KPI is per second) and
 * the figures are `settled` (the failed listing, like the KPI, is the gateway's view as of its
 * last tick: both may still lag the events just published).
 */
async function kpisMatchRest(page, timeoutMs, settled = () => true) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    const { exp } = await expectedFromRest();
    const shown = await shownKpis(page);
    const d = diff(exp, shown);
    last = { expected: exp, shown, mismatches: d };
    if (Object.keys(d).length === 0 && shown.source.startsWith('gateway') && settled(exp)) {
      return { ok: true, ...last };
    }
    if (Date.now() > deadline) {
      return { ok: false, ...last };
    }
    await page.waitForTimeout(200);
  }
}

/** Reads the live canvas at each visible drone's position and compares with its status colour. */
async function dronePixels(page, drones) {
  const visible = drones.filter((d) => d.pos && d.status !== 'inactive' && STATUS_RGB[d.status]);
  const samples = await page.evaluate((list) => {
    const c = document.getElementById('map');
    const ctx = c.getContext('2d');
    const dpr = c.width / c.getBoundingClientRect().width;
    return list.map((d) => {
      const p = window.__dashboard.project(d.pos.lat, d.pos.lon);
      const px = ctx.getImageData(Math.round(p.x * dpr), Math.round(p.y * dpr), 1, 1).data;
      return { id: d.id, status: d.status, rgba: [px[0], px[1], px[2], px[3]] };
    });
  }, visible);
  const wrong = samples.filter((s) => {
    const want = STATUS_RGB[s.status];
    return s.rgba[3] < 250 || want.some((v, i) => Math.abs(v - s.rgba[i]) > 10);
  });
  return { checked: samples.length, wrong };
}

/** Moves the mouse onto a point of the map and reads the tooltip. */
async function hoverAt(page, pos) {
  const box = await page.locator('#map').boundingBox();
  const p = await page.evaluate((q) => window.__dashboard.project(q.lat, q.lon), pos);
  await page.mouse.move(box.x + p.x + 2, box.y + p.y + 1);
  await page.waitForSelector('#tooltip:not([hidden])', { timeout: 3000 });
  const text = await page.textContent('#tooltip');
  await page.mouse.move(box.x + 2, box.y + 2);
  await page.waitForSelector('#tooltip[hidden]', { timeout: 3000, state: 'attached' });
  return text;
}

/** Moves the mouse onto a drone and reads the tooltip. */
async function hoverDrone(page, drone) {
  if (!drone) {
    return null;
  }
  const text = await hoverAt(page, drone.pos);
  return { id: drone.id, zone: drone.zone, type: drone.type, status: drone.status, text };
}

/** Waits for the page to show what `check` tests (run in the page); the error text, or null. */
async function appears(page, check, arg, timeoutMs) {
  try {
    await page.waitForFunction(check, arg, { timeout: timeoutMs, polling: 50 });
    return null;
  } catch (e) {
    return e.message.split('\n')[0];
  }
}

/**
 * Opens the dashboard as a person does: sent to the login form, types, submits, and lands on the
 * dashboard at '/'.
 */
async function logIn(page) {
  await page.goto(new URL('dashboard', baseUrl).toString());
  if (new URL(page.url()).pathname !== '/login') {
    throw new Error(`the dashboard did not ask for a login: ${page.url()}`);
  }
  await page.fill('#username', VIEWER);
  await page.fill('#password', VIEWER_PASSWORD);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/'),
    page.click('button[type=submit]'),
  ]);
}

/**
 * Presses a delivery's row in the active table and reads the timeline panel it opens: the steps
 * shown, each with its cells; then closes it with Escape, so later checks see the page as before.
 */
async function openTimeline(page, deliveryId) {
  try {
    await page.click(`#deliveries tr[data-id="${deliveryId}"]`, { timeout: 5000 });
    await page.waitForSelector('#timeline-body tr[data-step="assigned"]', { timeout: 5000 });
    const shown = await page.evaluate(() => ({
      delivery_id: document.getElementById('timeline').dataset.deliveryId,
      steps: [...document.querySelectorAll('#timeline-body tr[data-step]')].map((r) => ({
        step: r.dataset.step,
        cells: [...r.cells].map((c) => c.textContent),
      })),
    }));
    await page.keyboard.press('Escape');
    shown.closed = await page.evaluate(() => document.getElementById('timeline').hidden);
    return { ...shown, error: null };
  } catch (e) {
    return { error: e.message.split('\n')[0] };
  }
}

async function main() {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: LAUNCH_ARGS,
  });
  const errors = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    let restarting = false;
    page.on('requestfailed', (r) => {
      // the stream is cut when the gateway restarts or the browser closes; the snapshot reload
      // may race the restart; anything else failing is a defect
      if (!r.url().endsWith('/stream') && !restarting) {
        errors.push(`requestfailed: ${r.url()} ${r.failure() && r.failure().errorText}`);
      }
    });
    const unavailable = [];
    page.on('response', (r) => {
      // 503 is the gateway saying its KV is briefly unavailable (the page retries): noted apart
      if (r.status() === 503) {
        unavailable.push(r.url());
      } else if (r.status() >= 400 && !restarting) {
        errors.push(`HTTP ${r.status()} ${r.url()}`);
      }
    });
    const external = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(baseUrl) && !r.url().startsWith('data:')) {
        external.push(r.url());
      }
    });

    await logIn(page);
    await page.waitForFunction(
      () =>
        window.__dashboard &&
        window.__dashboard.loaded() &&
        document.getElementById('conn').dataset.state === 'live' &&
        Number(document.getElementById('map').dataset.drawnDrones || 0) > 0,
      null,
      { timeout: 15000 },
    );
    const { drones } = await expectedFromRest();
    const drawn = Number(await page.getAttribute('#map', 'data-drawn-drones'));
    const visibleRest = drones.filter((d) => d.pos && d.status !== 'inactive').length;
    const pixels = await dronePixels(page, drones);
    const kpis = await kpisMatchRest(page, 10000);
    const title = await page.title();
    const hover = await hoverDrone(page, drones.find((d) => d.id === 'drone-2'));
    out('READY', { title, drawn, visible_rest: visibleRest, pixels, kpis, hover, errors, external });

    const cmd = await expectLine('PUBLISHED');
    const published = JSON.parse(cmd.slice('PUBLISHED '.length));
    const t0 = Date.now();
    let appearedMs = null;
    let appearError = null;
    try {
      await page.waitForFunction(
        ({ deliveryId, droneId, drawnBefore }) => {
          const s = window.__dashboard.state;
          const short = deliveryId.slice(0, 8);
          const logged = [...document.querySelectorAll('#log li[data-kind="assigned"] .what')].some(
            (n) => n.textContent.startsWith(short),
          );
          const listed = !!document.querySelector(`#deliveries tr[data-id="${deliveryId}"]`);
          const drawnNow = Number(document.getElementById('map').dataset.drawnDrones || 0);
          return logged && listed && s.drones.has(droneId) && drawnNow === drawnBefore + 1;
        },
        { deliveryId: published.delivery_id, droneId: published.new_drone_id, drawnBefore: drawn },
        { timeout: 2000, polling: 20 },
      );
      appearedMs = Date.now() - t0;
    } catch (e) {
      appearError = e.message.split('\n')[0];
    }
    const kpisAfter = await kpisMatchRest(page, 10000);
    const wide = path.join(shotDir, 'dashboard.png');
    await page.screenshot({ path: wide });
    const timeline = await openTimeline(page, published.delivery_id);
    out('LIVE', { appeared_ms: appearedMs, appear_error: appearError, kpis_after: kpisAfter, timeline });

    // the gateway goes away and comes back: the page says so, reconnects and catches up
    await expectLine('RESTARTING');
    restarting = true;
    const connState = () => page.evaluate(() => document.getElementById('conn').dataset.state);
    let disconnectError = null;
    try {
      await page.waitForFunction(
        () => document.getElementById('conn').dataset.state !== 'live',
        null,
        { timeout: 15000 },
      );
    } catch (e) {
      disconnectError = e.message.split('\n')[0];
    }
    out('DISCONNECTED', { state: await connState(), error: disconnectError });
    const restarted = JSON.parse((await expectLine('RESTARTED')).slice('RESTARTED '.length));
    const r0 = Date.now();
    let reconnectMs = null;
    let reconnectError = null;
    try {
      await page.waitForFunction(
        (droneId) =>
          document.getElementById('conn').dataset.state === 'live' &&
          window.__dashboard.state.drones.has(droneId),
        restarted.new_drone_id,
        { timeout: 45000, polling: 50 },
      );
      reconnectMs = Date.now() - r0;
    } catch (e) {
      reconnectError = e.message.split('\n')[0];
    }
    // a restarted gateway folds the topics from their start again before its KPIs catch up: on a
    // loaded machine (the CI runs this after the chaos run) that takes longer than a live update
    const kpisReconnected = await kpisMatchRest(page, 30000);
    restarting = false;

    // the other addresses the gateway answers with the page: '/' and '/dashboard/'
    const entries = {};
    for (const p of ['', 'dashboard/']) {
      await page.goto(new URL(p, baseUrl).toString());
      await page.waitForFunction(
        () => Number(document.getElementById('map').dataset.drawnDrones || 0) > 0,
        null,
        { timeout: 15000 },
      );
      entries[`/${p}`] = {
        path: await page.evaluate(() => location.pathname),
        drawn: Number(await page.getAttribute('#map', 'data-drawn-drones')),
      };
    }

    // the same page on a phone-sized screen: one column, no sideways scrolling
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const small = await phone.newPage();
    small.on('pageerror', (e) => errors.push(`pageerror (narrow): ${e.message}`));
    await logIn(small);
    await small.waitForFunction(
      () => Number(document.getElementById('map').dataset.drawnDrones || 0) > 0,
      null,
      { timeout: 15000 },
    );
    const narrow = await small.evaluate(() => ({
      scroll_width: document.documentElement.scrollWidth,
      inner_width: window.innerWidth,
      map_width: document.getElementById('map').getBoundingClientRect().width,
    }));
    // a page opened now (snapshot + replayed telemetry) must agree with the API as well
    narrow.kpis = await kpisMatchRest(small, 10000);
    const narrowShot = path.join(shotDir, 'dashboard-narrow.png');
    await small.screenshot({ path: narrowShot, fullPage: true });
    await phone.close();

    out('RESULT', {
      reconnect_ms: reconnectMs,
      reconnect_error: reconnectError,
      kpis_reconnected: kpisReconnected,
      entries,
      narrow,
      screenshots: [wide, narrowShot],
      unavailable,
      errors,
      external,
    });

    // drones lost, deliveries failed, one handed back to pending: the live page shows each
    const losses = JSON.parse((await expectLine('LOSSES')).slice('LOSSES '.length));
    const lossesError = await appears(
      page,
      (l) => {
        const s = window.__dashboard.state;
        const logged = (kind, id) =>
          [...document.querySelectorAll(`#log li[data-kind="${kind}"] .what`)].some((n) =>
            n.textContent.startsWith(id.slice(0, 8)),
          );
        const back = s.deliveries.get(l.handed_back);
        const failedWithReason = (id, reason) => {
          const d = s.deliveries.get(id);
          return d && d.status === 'failed' && d.failure_reason === reason && d.origin && logged('failed', id);
        };
        return (
          l.lost_drones.every((id) => s.drones.get(id) && s.drones.get(id).status === 'lost') &&
          back && back.status === 'pending' && !s.active.has(l.handed_back) &&
          !document.querySelector(`#deliveries tr[data-id="${l.handed_back}"]`) &&
          logged('handed_back', l.handed_back) &&
          failedWithReason(l.drone_lost_failure, 'drone_lost') &&
          failedWithReason(l.no_drone_failure, 'no_drone')
        );
      },
      losses,
      10000,
    );
    const lossesKpis = await kpisMatchRest(
      page,
      10000,
      (exp) =>
        exp['failed_last_hour.total'] === 2 &&
        exp['drones_by_status.lost'] === losses.lost_drones.length,
    );
    const { drones: afterLosses } = await expectedFromRest();
    const lostPixels = await dronePixels(page, afterLosses.filter((d) => d.status === 'lost'));
    const crossAt = await page.evaluate(
      (id) => window.__dashboard.state.deliveries.get(id).origin,
      losses.no_drone_failure,
    );
    const failureHover = crossAt ? await hoverAt(page, crossAt) : null;
    const lostHover = await hoverDrone(page, afterLosses.find((d) => d.id === 'drone-11'));
    const lossesShot = path.join(shotDir, 'dashboard-losses.png');
    await page.screenshot({ path: lossesShot });
    out('LOSSES_SHOWN', {
      error: lossesError,
      kpis: lossesKpis,
      drawn: Number(await page.getAttribute('#map', 'data-drawn-drones')),
      pixels: lostPixels,
      legend: await page.textContent('.legend'),
      failure_hover: failureHover,
      lost_hover: lostHover && lostHover.text,
      screenshot: lossesShot,
      errors,
    });

    const reassigned = JSON.parse((await expectLine('REASSIGNED')).slice('REASSIGNED '.length));
    const reassignedError = await appears(
      page,
      (r) => {
        const row = document.querySelector(`#deliveries tr[data-id="${r.delivery_id}"]`);
        return !!row && row.textContent.includes(r.new_drone_id);
      },
      reassigned,
      5000,
    );
    out('REASSIGNED_SHOWN', { error: reassignedError, kpis: await kpisMatchRest(page, 10000), errors });

    // under a backlog, with invalid drone documents and stray events: the page agrees with itself
    await expectLine('BACKLOG');
    const backlog = await context.newPage();
    backlog.on('pageerror', (e) => errors.push(`pageerror (backlog): ${e.message}`));
    await backlog.goto(new URL('dashboard', baseUrl).toString());
    await backlog.waitForFunction(
      () =>
        window.__dashboard.loaded() &&
        document.getElementById('conn').dataset.state === 'live' &&
        !document.getElementById('admission-banner').hidden,
      null,
      { timeout: 20000 },
    );
    const backlogKpis = await kpisMatchRest(backlog, 10000);
    const shown = await backlog.evaluate(() => {
      const banner = document.getElementById('admission-banner');
      const kpi = (key) => Number(document.querySelector(`[data-kpi="${key}"]`).dataset.value);
      return {
        admission: {
          banner: banner.textContent,
          classes: banner.dataset.classes,
          state: document.getElementById('admission-state').textContent,
          detail: document.getElementById('admission-detail').textContent,
        },
        active: {
          tile: kpi('active_deliveries'),
          rows: document.querySelectorAll('#deliveries tbody tr[data-id]').length,
          header: document.getElementById('deliveries-count').textContent,
        },
        fleet: {
          tile: kpi('drones_total'),
          drawn: Number(document.getElementById('map').dataset.drawnDrones),
          table: document.querySelectorAll('#drones tbody tr[data-id]').length,
          header: document.getElementById('drones-count').textContent,
        },
      };
    });
    const backlogShot = path.join(shotDir, 'dashboard-backlog.png');
    await backlog.screenshot({ path: backlogShot });
    out('BACKLOG_SHOWN', { ...shown, kpis: backlogKpis, screenshot: backlogShot, errors });
  } finally {
    await browser.close();
  }
}

main()
  .then(() => process.exit(0))
  .catch((e) => {
    process.stdout.write(`FAIL ${String(e && e.stack ? e.stack : e).replace(/\n/g, ' | ')}\n`);
    process.exit(1);
  });
