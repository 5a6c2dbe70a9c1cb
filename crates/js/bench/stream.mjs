// The streaming half of `events.mjs` alone, once, for a profiler: `node --cpu-prof
// --cpu-prof-dir=DIR crates/js/bench/stream.mjs <package built with --features bench> [rows]
// [clean|messy]`, then `node crates/js/bench/cpuprofile-top.mjs DIR`. Build the package with
// `--no-opt` to keep the function names. Prints [accepted, batches, bytes, wasm memory].

import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const pkg = require(path.resolve(process.argv[2], "hashdrop.js"));
const rows = Number(process.argv[3] ?? 300_000);
const messy = process.argv[4] === "messy";
console.log(pkg.benchPrepareSynthetic(rows, 64 * 1024, true, messy));
