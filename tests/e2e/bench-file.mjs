// Benchmark of the File step in headless Chromium: a generated 1,000,000-row file (six
// identifiers a row, the layout of crates/events/src/synthetic.rs) is handed to the File step's
// input, and the script measures the time until the workers are done, how fast the page answers
// a click meanwhile (the language button, from click to the re-rendered title), the running row
// count, and the browser's peak memory. It prints the figures; it asserts nothing about speed.
//
// `cargo xtask bench file` runs it on the events crate's clean and messy files with 1, 2 and 4
// workers, three runs each, and prints for each the median time, rows/s and the ratio of 2
// workers to 1. Alone it needs the app and the emulator running:
//   HASHDROP_APP_URL=http://127.0.0.1:9102 HASHDROP_EMULATOR_URL=http://127.0.0.1:9101 \
//   HASHDROP_TOKEN=e2e-token node tests/e2e/bench-file.mjs [rows] \
//     [--file LABEL=PATH]... [--workers 1,2,4] [--runs 3]
// Without `--file` it writes its own clean file of `rows` rows; without `--workers` the app
// chooses (one worker a core, at most 8).
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from './browser.mjs';
import { SAMPLE_NOW } from './graph.mjs';
import { onFileStep } from './flow.mjs';

const args = process.argv.slice(2);
/** The values of `--name value` options. */
const option = (name) => args.flatMap((a, i) => (a === name && i + 1 < args.length ? [args[i + 1]] : []));
const ROWS = Number(args.find((a, i) => /^\d+$/.test(a) && !args[i - 1]?.startsWith('--')) ?? 1_000_000);
const FILES = option('--file').map((f) => ({ label: f.slice(0, f.indexOf('=')), path: f.slice(f.indexOf('=') + 1) }));
const WORKERS = option('--workers')[0]?.split(',').map(Number) ?? [null];
const RUNS = Number(option('--runs')[0] ?? 1);
// synthetic.rs's NOW (2026-11-20T00:00:00Z, the samples' "now"): every event time lies inside
// the window before it.
const NOW = SAMPLE_NOW.getTime() / 1000;

const FIRST = ['Mary', 'John', 'Zoé', 'Ahmed', 'Li', 'Sofía', 'Jürgen', 'Anna'];
const LAST = ['Johnson', "O'Connor", 'Nguyen', 'Müller', 'Smith', 'García', 'Wang', 'Brown'];
const FIRST_MAIL = ['mary', 'john', 'zoe', 'ahmed', 'li', 'sofia', 'juergen', 'anna'];
const LAST_MAIL = ['johnson', 'oconnor', 'nguyen', 'mueller', 'smith', 'garcia', 'wang', 'brown'];
const CITY = ['Palo Alto', 'New York', 'Austin', 'Chicago', 'Boston', 'Seattle'];
const DOMAIN = ['gmail.com', 'Example.org', 'yahoo.com', 'outlook.com'];

/** Write the synthetic file (email, phone, first and last name, city, ZIP, time, value, currency, order). */
async function generate(path, rows) {
  const out = createWriteStream(path);
  const write = (text) => (out.write(text) ? null : new Promise((resolve) => out.once('drain', resolve)));
  await write('email,phone,first_name,last_name,city,zip,event_time,value,currency,order_id\n');
  let chunk = [];
  let mix = 0x2545f491;
  for (let i = 0; i < rows; i++) {
    // xorshift32: deterministic and cheap.
    mix ^= mix << 13;
    mix ^= mix >>> 17;
    mix ^= mix << 5;
    const m = mix >>> 0;
    const f = m % 8;
    const l = (m >>> 3) % 8;
    const time = NOW - 3600 - (i % (50 * 24)) * 3600;
    chunk.push(
      `${FIRST_MAIL[f]}.${LAST_MAIL[l]}${i % 1000}@${DOMAIN[(m >>> 6) % 4]},+1 (650) 555-${String(m % 10_000).padStart(4, '0')},` +
        `${FIRST[f]},${LAST[l]},${CITY[(m >>> 9) % 6]},${String(10_000 + (m % 89_999)).padStart(5, '0')},${time},` +
        `${1 + (m % 500)}.${String(m % 100).padStart(2, '0')},USD,ORD-${i}\n`,
    );
    if (chunk.length === 10_000) {
      await write(chunk.join(''));
      chunk = [];
    }
  }
  await write(chunk.join(''));
  await new Promise((resolve) => out.end(resolve));
}

/** Resident memory (MiB) of the browser: every process under this script's, but the script (Linux /proc). */
async function browserRss(rootPid = process.pid) {
  const parents = new Map();
  const rss = new Map();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = await readFile(`/proc/${name}/status`, 'utf8');
      parents.set(Number(name), Number(/PPid:\s+(\d+)/.exec(status)?.[1]));
      rss.set(Number(name), Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // The process ended meanwhile.
    }
  }
  const inTree = (pid) => {
    for (let p = pid; p; p = parents.get(p)) if (p === rootPid) return true;
    return false;
  };
  let total = 0;
  for (const [pid, kib] of rss) if (pid !== rootPid && inTree(pid)) total += kib;
  return total / 1024;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Prepare the file at `path` once with `workers` workers (`null`: the app's choice); prints and returns the figures. */
async function measure(path, size, workers) {
  const { browser, page, errors } = await launch();
  try {
    await page.clock.setFixedTime(new Date(NOW * 1000));
    const file = await onFileStep(page);
    if (workers) await file.useWorkers(workers);
    let peakRss = await browserRss();
    const baseRss = peakRss;
    // Sample the memory in the background too: the peak may come while the bodies are handed over.
    const sampler = setInterval(async () => {
      peakRss = Math.max(peakRss, await browserRss());
    }, 200);
    const started = performance.now();
    await file.choose(path);
    await file.progress.waitFor().catch(() => null);
    const clicks = [];
    const rowsSeen = [];
    let lang = 'zh';
    const titles = { zh: '选择文件', en: 'Choose a file' };
    while ((await file.state()) === 'reading') {
      // One click on the language switch; time until the title is re-rendered in that language.
      const t0 = performance.now();
      await (lang === 'zh' ? file.langZh : file.langEn).click({ timeout: 60_000 });
      await page.waitForFunction((title) => document.querySelector('[data-testid="page-title"]')?.textContent === title, titles[lang], {
        timeout: 60_000,
        polling: 'raf',
      });
      clicks.push(performance.now() - t0);
      lang = lang === 'zh' ? 'en' : 'zh';
      const rows = await file.progressRows.textContent({ timeout: 1000 }).catch(() => null);
      if (rows !== null) rowsSeen.push(Number(rows.replace(/[^0-9]/g, '')));
      peakRss = Math.max(peakRss, await browserRss());
      await page.waitForTimeout(250);
    }
    const state = await file.waitForEnd(600_000);
    const seconds = (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    clearInterval(sampler);
    peakRss = Math.max(peakRss, await browserRss());
    if (state !== 'done') throw new Error(`the File step ended in state ${state}`);
    const summary = await file.summary();
    const used = await file.reader.getAttribute('data-workers');
    const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? null);
    console.log(`  ${used} worker(s): done: ${JSON.stringify(summary)}`);
    console.log(`    time from choosing the file to "done": ${seconds.toFixed(2)} s (${Math.round(summary.rows / seconds)} rows/s, ${(size / 1e6 / seconds).toFixed(1)} MB/s)`);
    console.log(
      `    clicks answered during the reading: ${clicks.length}; click -> re-rendered title: median ${median(clicks).toFixed(0)} ms, max ${clicks.length ? Math.max(...clicks).toFixed(0) : 'n/a'} ms`,
    );
    const increasing = rowsSeen.filter((r, i) => i > 0 && r > rowsSeen[i - 1]).length;
    console.log(`    running row count samples: ${rowsSeen.slice(0, 6).join(', ')}${rowsSeen.length > 6 ? ', …' : ''} (${increasing} increases in ${rowsSeen.length} samples)`);
    console.log(`    browser memory (RSS of all its processes): ${baseRss.toFixed(0)} MiB before, peak ${peakRss.toFixed(0)} MiB; page JS heap after: ${heap ? (heap / 2 ** 20).toFixed(0) + ' MiB' : 'n/a'}`);
    if (errors.length) console.log(`    page errors: ${errors.join(' | ')}`);
    return { seconds, rows: summary.rows };
  } finally {
    await browser.close();
  }
}

const files = [...FILES];
if (!files.length) {
  const dir = await mkdtemp(join(tmpdir(), 'hashdrop-bench-'));
  const path = join(dir, `synthetic-${ROWS}.csv`);
  const started = Date.now();
  await generate(path, ROWS);
  console.log(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  files.push({ label: 'clean', path });
}
const load = async () => (await readFile('/proc/loadavg', 'utf8').catch(() => '?')).split(' ')[0];
const table = [];
for (const { label, path } of files) {
  const size = (await stat(path)).size;
  console.log(`\nfile ${label}: ${(size / 1e6).toFixed(1)} MB: ${path} (load average ${await load()})`);
  const medians = new Map();
  for (const workers of WORKERS) {
    const runs = [];
    for (let run = 0; run < RUNS; run++) runs.push(await measure(path, size, workers));
    const seconds = median(runs.map((r) => r.seconds));
    medians.set(workers, seconds);
    table.push({ label, workers: workers ?? 'auto', seconds, rate: runs[0].rows / seconds, runs: runs.map((r) => r.seconds.toFixed(2)).join(', ') });
  }
  if (medians.has(1) && medians.has(2)) table.push({ label, ratio: medians.get(1) / medians.get(2) });
}
console.log(`\nFile step, headless Chromium, median of ${RUNS} (load average now ${await load()}):`);
for (const row of table) {
  if (row.ratio) console.log(`  ${row.label}: 2 workers / 1 worker: ${row.ratio.toFixed(2)}x the speed`);
  else console.log(`  ${row.label}, ${row.workers} worker(s): ${row.seconds.toFixed(2)} s, ${Math.round(row.rate)} rows/s (runs: ${row.runs})`);
}
