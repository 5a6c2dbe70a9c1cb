// Wasm half of `cargo xtask bench events`: CSV -> payload JSON rows per second inside the
// `hashdrop` package (built with the `bench` feature for Node), on the same generated
// 1,000,000-row file as the native bench, streamed in 64 KiB chunks; the wasm memory size
// (peak while streaming, and for a tenth of the rows, to show it does not grow with the
// file); and the ratio to the matchkeys hashing floor (`benchSha256Floor`).
//
// Usage: node crates/js/bench/events.mjs <path to the built package> [rows]

import { createRequire } from "node:module";
import path from "node:path";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const pkg = require(path.resolve(process.argv[2], "hashdrop.js"));
const rows = Number(process.argv[3] ?? 1_000_000);
const CHUNK = 64 * 1024;

// The machine may be shared: report CPU time (this process, one core) beside wall time.
function stream(n, prepare = true) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const [accepted, batches, bytes, peak] = pkg.benchPrepareSynthetic(n, CHUNK, prepare);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  return { accepted, batches, bytes, peak, seconds, cpuSeconds };
}

// The floor: bare SHA-256 of already-normalized strings, 6 identifiers a record.
const FLOOR_RECORDS = 20_000;
pkg.benchPrepare(FLOOR_RECORDS);
let best = Infinity;
for (let i = 0; i < 5; i++) {
  const cpu = process.cpuUsage();
  pkg.benchSha256Floor();
  const used = process.cpuUsage(cpu);
  best = Math.min(best, (used.user + used.system) / 1e6);
}
const floor = FLOOR_RECORDS / best;

// The machine may be shared and its speed drifts from run to run: three runs of each, the
// median reported and every run listed.
const RUNS = 3;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const small = stream(Math.floor(rows / 10));
const generations = Array.from({ length: RUNS }, () => stream(rows, false).cpuSeconds);
const fulls = Array.from({ length: RUNS }, () => stream(rows));
const full = fulls.find((run) => run.cpuSeconds === median(fulls.map((r) => r.cpuSeconds)));
const generation = { cpuSeconds: median(generations) };
const rate = rows / full.seconds;
const cpuRate = rows / full.cpuSeconds;
const net = rows / (full.cpuSeconds - generation.cpuSeconds);
const each = fulls.map((run) => Math.round(rows / (run.cpuSeconds - generation.cpuSeconds))).join(', ');
const mib = (b) => (b / 1048576).toFixed(2);
console.log(`rows: ${rows} (6 identifiers each: em, ph, fn, ln, ct, zp), chunks of ${CHUNK / 1024} KiB`);
console.log(`accepted: ${full.accepted}, batches: ${full.batches}, payload: ${(full.bytes / 1e6).toFixed(1)} MB`);
console.log(`CSV -> payload JSON  ${cpuRate.toFixed(0).padStart(12)} rows/s of CPU time (${full.cpuSeconds.toFixed(2)} s; wall ${full.seconds.toFixed(2)} s = ${rate.toFixed(0)} rows/s)`);
console.log(`  without generating  ${net.toFixed(0).padStart(12)} rows/s of CPU time (generating the file alone: ${generation.cpuSeconds.toFixed(2)} s)`);
console.log(`  median of ${RUNS} runs; each run without generating: ${each} rows/s`);
console.log(`sha256 floor         ${floor.toFixed(0).padStart(12)} rows/s of CPU time   CSV -> payload is ${(floor / cpuRate).toFixed(2)}x the floor`);
console.log(`wasm memory: ${mib(full.peak)} MiB after ${rows} rows, ${mib(small.peak)} MiB after ${small.accepted} rows`);
