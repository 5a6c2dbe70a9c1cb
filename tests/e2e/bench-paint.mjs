// Benchmark of the first load: how long a visitor waits for the Connect screen of the built app,
// served by the local static server, in headless Chromium. Every run is a cold first visit (a new
// browser context: empty HTTP cache, no compiled wasm kept), and the script prints, per run and
// as the median:
// - first contentful paint (the Paint Timing API): the page's body is empty until the wasm has
//   loaded and mounted the app, so this is the first paint of Connect;
// - Connect in the document: when `[data-testid=page-connect]` appeared (a MutationObserver);
// - the page's wasm downloaded (Resource Timing `responseEnd`);
// and beside them the sizes of the page's and the worker's wasm in `dist/` (raw and gzip -9).
// It measures; it asserts nothing about speed.
//
//   HASHDROP_APP_URL=http://127.0.0.1:8080 node tests/e2e/bench-paint.mjs DIST [runs]
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from './browser.mjs';

const appUrl = process.env.HASHDROP_APP_URL ?? 'http://127.0.0.1:8080';
const dist = process.argv[2];
const runs = Number(process.argv[3] ?? 9);
if (!dist || !Number.isInteger(runs) || runs < 1) {
  throw new Error('usage: node tests/e2e/bench-paint.mjs DIST [runs]');
}

/** Record when the Connect screen enters the document (injected before any page script). */
function watchForConnect() {
  const seen = () => {
    if (window.__connectAt === undefined && document.querySelector('[data-testid="page-connect"]')) {
      window.__connectAt = performance.now();
    }
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
}

/** The median of `values` (mean of the middle two for an even count). */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const thousands = (n) => Math.round(n).toLocaleString('en-US');
const ms = (n) => `${Math.round(n)} ms`;

/** `{ file, raw, gzip }` of the page's (`hashdrop-app-*_bg.wasm`) and the worker's wasm. */
async function wasmSizes() {
  const files = await readdir(dist);
  const sizes = [];
  for (const [name, pattern] of [
    ['page', /^hashdrop-app.*_bg\.wasm$/],
    ['worker', /^hashdrop-worker.*_bg\.wasm$/],
  ]) {
    const file = files.find((f) => pattern.test(f));
    if (!file) throw new Error(`no ${pattern} in ${dist}: build the app first`);
    const bytes = await readFile(join(dist, file));
    sizes.push({ name, file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
  }
  return sizes;
}

const { browser } = await launchChromium();
const version = browser.version();
const measured = [];
try {
  for (let run = 1; run <= runs; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript(watchForConnect);
    await page.goto(`${appUrl}/connect`, { waitUntil: 'commit' });
    await page.waitForFunction(
      () =>
        window.__connectAt !== undefined &&
        performance.getEntriesByName('first-contentful-paint').length > 0,
      null,
      { timeout: 60_000, polling: 50 },
    );
    const figures = await page.evaluate(() => {
      const wasm = performance
        .getEntriesByType('resource')
        .find((entry) => /hashdrop-app[^/]*_bg\.wasm$/.test(entry.name));
      return {
        paint: performance.getEntriesByName('first-contentful-paint')[0].startTime,
        connect: window.__connectAt,
        wasm: wasm ? wasm.responseEnd : NaN,
      };
    });
    await context.close();
    if (errors.length) throw new Error(`the page failed to load: ${errors.join('; ')}`);
    measured.push(figures);
    console.log(
      `  run ${run}: first paint ${ms(figures.paint)}, Connect in the document ${ms(figures.connect)}, ` +
        `page wasm downloaded ${ms(figures.wasm)}`,
    );
  }
} finally {
  await browser.close();
}

const pick = (key) => median(measured.map((m) => m[key]));
console.log(
  `first paint of /connect, headless Chromium ${version}, cold load from ${appUrl}, ` +
    `median of ${runs}: ${ms(pick('paint'))} ` +
    `(min ${ms(Math.min(...measured.map((m) => m.paint)))}, max ${ms(Math.max(...measured.map((m) => m.paint)))}); ` +
    `Connect in the document ${ms(pick('connect'))}; page wasm downloaded ${ms(pick('wasm'))}`,
);
for (const { name, file, raw, gzip } of await wasmSizes()) {
  console.log(`  ${name} wasm ${file}: ${thousands(raw)} bytes, ${thousands(gzip)} gzipped (-9)`);
}
