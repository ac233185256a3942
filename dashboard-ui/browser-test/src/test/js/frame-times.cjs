// Frame-time harness (not a test): serves the dashboard's assets from the source tree on a free
// loopback port, opens `?synthetic=N` in Debian's headless Chromium for each fleet size and
// prints the page's own figures (rAF interval and JS draw time percentiles, events/s).
//
// NODE_PATH=target/playwright/node_modules node src/test/js/frame-times.cjs [N ...] [--seconds=S]
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '../../../../assets/src/main/resources/META-INF/resources');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
const args = process.argv.slice(2);
const seconds = Number((args.find((a) => a.startsWith('--seconds=')) || '--seconds=6').split('=')[1]);
const sizes = args.filter((a) => /^\d+$/.test(a)).map(Number);
const fleets = sizes.length ? sizes : [100, 1000, 5000];

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const file = path.join(ROOT, url.pathname === '/' ? 'index.html' : url.pathname);
  if (!file.startsWith(ROOT) || !fs.existsSync(file)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});

server.listen(0, '127.0.0.1', async () => {
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    console.log('drones  drawn  ev/s    frame p50  p95     max     draw p50  p95');
    for (const n of fleets) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
      await page.goto(`${base}?synthetic=${n}`);
      await page.waitForTimeout(seconds * 1000);
      const s = await page.evaluate(() => window.__dashboard.perf());
      const f = (v) => String(v).padEnd(8);
      console.log(`${f(s.drones)}${f(s.drawn).slice(0, 7)}${f(s.events_per_s)}${f(s.frame_ms_p50)}   ${f(s.frame_ms_p95)}${f(s.frame_ms_max)}${f(s.draw_ms_p50)}  ${s.draw_ms_p95}`);
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
});
