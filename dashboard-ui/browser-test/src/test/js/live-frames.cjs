// For LiveLoadHarness: opens the dashboard with ?perf on the real gateway, waits until it draws
// at least `expect` drones, resets the page's counters, lets the stream run for `seconds` and
// prints the page's figures as one JSON line (FIGURES {...}); screenshot under <shot>.
//
// Usage: node live-frames.cjs <base-url> <expect> <seconds> <screenshot.png> <chromium-path>
'use strict';

const { chromium } = require('playwright-core');

const [baseUrl, expect, seconds, shot, chromiumPath] = process.argv.slice(2);

(async () => {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const t0 = Date.now();
    await page.goto(new URL('dashboard?perf', baseUrl).toString());
    try {
      await page.waitForFunction(
        (n) => Number(document.getElementById('map').dataset.drawnDrones || 0) >= n,
        Number(expect),
        { timeout: 120000, polling: 200 },
      );
    } catch (e) {
      const seen = await page.evaluate(() => ({
        conn: document.getElementById('conn').dataset.state,
        banner: document.getElementById('banner').textContent,
        drawn: document.getElementById('map').dataset.drawnDrones,
        perf: window.__dashboard && window.__dashboard.perf(),
      }));
      throw new Error(`not drawn in time: ${JSON.stringify(seen)}`);
    }
    const loadMs = Date.now() - t0;
    await page.evaluate(() => window.__dashboard.resetPerf());
    await page.waitForTimeout(Number(seconds) * 1000);
    const figures = await page.evaluate(() => window.__dashboard.perf());
    await page.screenshot({ path: shot });
    process.stdout.write(`FIGURES ${JSON.stringify({ load_ms: loadMs, ...figures })}\n`);
  } finally {
    await browser.close();
  }
})().catch((e) => {
  process.stdout.write(`FAIL ${String(e && e.stack ? e.stack : e).replace(/\n/g, ' | ')}\n`);
  process.exit(1);
});
