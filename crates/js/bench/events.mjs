// Wasm half of `cargo xtask bench events`, inside the `hashdrop` package (built with the
// `bench` feature for Node), on both generated files of the native bench (the clean one, six
// identifiers a row, and the messy store export, eight; see `events::synthetic`):
//   - streaming: CSV -> payload JSON rows per second on 1,000,000 rows in 64 KiB chunks, and
//     the wasm memory size (peak while streaming, and for a tenth of the rows, to show it does
//     not grow with the file);
//   - the public JavaScript API: `prepareUpload(bytes, options)` on 200,000 rows, request bodies
//     as JSON text (its default), as a partner's Node program calls it;
// each beside its floor: bare `sha2` (simd128) SHA-256 of the same rows' normalized
// identifiers (`benchEventsFloor`), in the same process.
//
// Usage: node crates/js/bench/events.mjs <path to the built package> [rows] [api rows]

import { createRequire } from "node:module";
import path from "node:path";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const pkg = require(path.resolve(process.argv[2], "hashdrop.js"));
const rows = Number(process.argv[3] ?? 1_000_000);
const apiRows = Number(process.argv[4] ?? 200_000);
const CHUNK = 64 * 1024;
// The synthetic files' `now` and settings (events::synthetic::SETTINGS_JSON).
const OPTIONS = { now: 1795132800, eventName: "Purchase", header: true };

const cpuSince = (cpu) => {
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1e6;
};

// The machine may be shared: report CPU time (this process, one core) beside wall time.
function stream(n, messy, prepare = true) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const [accepted, batches, bytes, peak] = pkg.benchPrepareSynthetic(n, CHUNK, prepare, messy);
  const seconds = (performance.now() - started) / 1000;
  return { accepted, batches, bytes, peak, seconds, cpuSeconds: cpuSince(cpu) };
}

// The floor: bare SHA-256 of the already-normalized identifiers of the file's first rows.
const FLOOR_ROWS = 20_000;
function floorRate(messy) {
  pkg.benchEventsFloorPrepare(FLOOR_ROWS, messy);
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const cpu = process.cpuUsage();
    pkg.benchEventsFloor();
    best = Math.min(best, cpuSince(cpu));
  }
  return FLOOR_ROWS / best;
}

// The machine may be shared and its speed drifts from run to run: three runs of each, the
// median reported and every run listed.
const RUNS = 3;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const mib = (b) => (b / 1048576).toFixed(2);
const num = (x) => x.toFixed(0).padStart(12);

const FILES = [
  ["clean", false, "6 identifiers each: em, ph, fn, ln, ct, zp"],
  ["messy", true, "8 identifiers each: em, ph, fn, ln, ct, st, zp, country; spaces, mixed case, names beside codes, ZIP+4, ISO times with offsets"],
];

// The memory pass first, both files, so that the wasm memory figures are the streaming's own
// (the instance's memory only grows, and the floor and prepareUpload below hold whole files).
const memory = FILES.map(([name, messy]) => ({
  small: stream(Math.floor(rows / 10), messy),
  full: stream(rows, messy),
}));
// Then the timed runs. The floor is measured before each run, and its best kept: on a shared
// machine a floor timed once, at another moment than the runs, moves the ratio by half.
const streamed = FILES.map(([name, messy]) => {
  const generations = Array.from({ length: RUNS }, () => stream(rows, messy, false).cpuSeconds);
  const floors = [];
  const fulls = Array.from({ length: RUNS }, () => {
    floors.push(floorRate(messy));
    return stream(rows, messy);
  });
  return { generations, fulls, floors };
});

FILES.forEach(([name, messy, identifiers], index) => {
  console.log(`-- ${name} file --`);
  const { generations, fulls, floors } = streamed[index];
  const { small } = memory[index];
  floors.push(floorRate(messy));
  const full = fulls.find((run) => run.cpuSeconds === median(fulls.map((r) => r.cpuSeconds)));
  const generation = median(generations);
  const cpuRate = rows / full.cpuSeconds;
  const net = rows / (full.cpuSeconds - generation);
  const each = fulls.map((run) => Math.round(rows / (run.cpuSeconds - generation))).join(", ");
  // The public API: the whole file in one call, bodies as JSON text.
  const csv = pkg.benchSyntheticCsv(apiRows, messy);
  const apiRuns = Array.from({ length: RUNS }, () => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const result = pkg.prepareUpload(csv, OPTIONS);
    return { cpuSeconds: cpuSince(cpu), seconds: (performance.now() - started) / 1000, result };
  });
  const api = apiRuns.find((run) => run.cpuSeconds === median(apiRuns.map((r) => r.cpuSeconds)));
  const apiRate = apiRows / api.cpuSeconds;
  floors.push(floorRate(messy));
  const floor = Math.max(...floors);
  console.log(`rows: ${rows} (${identifiers}), chunks of ${CHUNK / 1024} KiB`);
  console.log(`accepted: ${full.accepted}, batches: ${full.batches}, payload: ${(full.bytes / 1e6).toFixed(1)} MB`);
  console.log(`streaming, CSV -> payload JSON ${num(cpuRate)} rows/s of CPU time (${full.cpuSeconds.toFixed(2)} s; wall ${full.seconds.toFixed(2)} s = ${(rows / full.seconds).toFixed(0)} rows/s)`);
  console.log(`  without generating           ${num(net)} rows/s of CPU time (generating the file alone: ${generation.toFixed(2)} s); ${(floor / net).toFixed(2)}x the floor`);
  console.log(`  median of ${RUNS} runs; each run without generating: ${each} rows/s`);
  console.log(`  wasm memory: ${mib(memory[index].full.peak)} MiB after ${rows} rows, ${mib(small.peak)} MiB after ${small.accepted} rows (the instance's size: it never shrinks)`);

  console.log(`prepareUpload, ${apiRows} rows (${(csv.length / 1e6).toFixed(1)} MB, ${api.result.summary.accepted} accepted, ${api.result.batches.length} bodies as JSON text)`);
  console.log(`                               ${num(apiRate)} rows/s of CPU time (${api.cpuSeconds.toFixed(2)} s; wall ${api.seconds.toFixed(2)} s); ${(floor / apiRate).toFixed(2)}x the floor`);
  console.log(`  median of ${RUNS} runs: ${apiRuns.map((r) => Math.round(apiRows / r.cpuSeconds)).join(", ")} rows/s`);
  console.log(`sha256 floor (sha2 simd128)    ${num(floor)} rows/s of CPU time (the best of ${floors.length}, timed between the runs: ${floors.map(Math.round).join(", ")})`);
});
