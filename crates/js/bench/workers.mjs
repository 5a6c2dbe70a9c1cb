// `cargo xtask bench workers`: `prepareUploadParallel` from the packed npm package in Node
// (`worker_threads`), with 1, 2 and 4 workers in one run, on both generated files of the events
// bench (the clean one and the messy store export; `events::synthetic`), beside
// `prepareUpload` (one call on this thread, no worker). Wall time: what a partner waits for,
// the file in memory to the whole result (request bodies as JSON text, its default). The
// figure to watch is 2 workers against 1 (target >= 1.8x on two idle cores); one worker already
// runs beside this thread, which cuts the file and makes the body strings, so each is also
// shown against prepareUpload.
//
// Usage: node crates/js/bench/workers.mjs <bench package> <npm package> [rows] [runs]
//   <bench package>: `hashdrop` built for Node with the `bench` feature (it generates the files)
//   <npm package>: the packed package's folder (target/npm/package)

import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const bench = require(path.resolve(process.argv[2], "hashdrop.js"));
const upload = require(path.resolve(process.argv[3], "dist", "node", "upload.cjs"));
const rows = Number(process.argv[4] ?? 1_000_000);
const RUNS = Number(process.argv[5] ?? 3);
// The synthetic files' `now` and settings (events::synthetic::SETTINGS_JSON).
const OPTIONS = { now: 1795132800, eventName: "Purchase", header: true };
const WORKERS = [1, 2, 4];

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rate = (seconds) => Math.round(rows / seconds);
const num = (x) => x.toLocaleString("en-US").padStart(11);

/** Wall seconds of `work` (median of RUNS), and what its last run returned, reduced. */
async function timed(work) {
  const seconds = [];
  let outcome;
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    const result = await work();
    seconds.push((performance.now() - started) / 1000);
    outcome = `${result.summary.accepted} accepted, ${result.summary.rejected} rejected, ${result.batches.length} bodies`;
  }
  return { seconds: median(seconds), each: seconds, outcome };
}

console.log(`Node ${process.version}, ${os.availableParallelism?.() ?? os.cpus().length} cores seen; ${rows} rows, median of ${RUNS} runs (wall)`);
for (const [name, messy] of [["clean", false], ["messy", true]]) {
  const csv = bench.benchSyntheticCsv(rows, messy);
  console.log(`-- ${name} file: ${(csv.length / 1e6).toFixed(1)} MB --`);
  const direct = await timed(async () => upload.prepareUpload(csv, OPTIONS));
  console.log(`prepareUpload (this thread)   ${num(rate(direct.seconds))} rows/s  ${direct.seconds.toFixed(2)} s  (${direct.outcome})`);
  const byWorkers = new Map();
  for (const workers of WORKERS) {
    const run = await timed(() => upload.prepareUploadParallel(csv, OPTIONS, { workers }));
    byWorkers.set(workers, run);
    const same = run.outcome === direct.outcome ? "" : `  DIFFERS: ${run.outcome}`;
    console.log(
      `prepareUploadParallel, ${workers} ${workers === 1 ? "worker " : "workers"} ${num(rate(run.seconds))} rows/s  ${run.seconds.toFixed(2)} s  (runs: ${run.each.map((s) => s.toFixed(2)).join(", ")} s)${same}`,
    );
  }
  const one = byWorkers.get(1).seconds;
  console.log(
    `2 workers / 1 worker: ${(one / byWorkers.get(2).seconds).toFixed(2)}x (target >= 1.8x on 2 idle cores); 4 / 1: ${(one / byWorkers.get(4).seconds).toFixed(2)}x; against prepareUpload: 1 worker ${(direct.seconds / one).toFixed(2)}x, 2 workers ${(direct.seconds / byWorkers.get(2).seconds).toFixed(2)}x`,
  );
}
