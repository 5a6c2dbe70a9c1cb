// One export of the bare `wasm_bench` module (`examples/wasm_bench.rs`) run in a loop, for a
// profiler: `node --cpu-prof --cpu-prof-dir=DIR crates/matchkeys/bench/loop.mjs <wasm_bench.wasm>
// <export> [times]`, then `node crates/js/bench/cpuprofile-top.mjs DIR` for the functions with
// the most self time. Prints the loop's wall time.
//
// Exports: sha256_floor, sha256_batch, hash_values, build_user_data, build_user_data_many.

import { readFile } from "node:fs/promises";

const { instance } = await WebAssembly.instantiate(await readFile(process.argv[2]), {});
const wasm = instance.exports;
const name = process.argv[3];
const times = Number(process.argv[4] ?? 30);
wasm.prepare(20_000);
const started = performance.now();
for (let i = 0; i < times; i++) wasm[name]();
console.log(`${name} x ${times}: ${(performance.now() - started).toFixed(0)} ms`);
