// Wasm half of `cargo xtask bench matchkeys`: times the exports of the bare `wasm_bench`
// example module (`crates/matchkeys/examples/wasm_bench.rs`, built for wasm32 with simd128) in
// Node. Each export runs a whole loop inside wasm; JavaScript only times the calls. Prints
// records per second and each figure's ratio to its floor, measured in the same run:
//   - multi-buffer hashing (HashBatch, 4 lanes) against `sha2` (simd128) on the same strings;
//   - UserData::build (and build_many) against `sha2` of the same normalized strings.
//
// Usage: node crates/matchkeys/bench/wasm.mjs <wasm_bench.wasm> [records]

import { readFile } from "node:fs/promises";

const bytes = await readFile(process.argv[2]);
const { instance } = await WebAssembly.instantiate(bytes, {});
const wasm = instance.exports;
const records = Number(process.argv[3] ?? 20_000);

/**
 * Best of eleven runs of each loop, in records per second of CPU time (this process's user and
 * system time: the machine may be shared), and each loop's checksum. The loops
 * take turns, round after round, so a floor and the figure set against it see the same
 * machine: on a shared machine whose speed drifts, ratios from interleaved runs hold.
 */
function rates(works) {
  const best = works.map(() => Infinity);
  const sums = works.map(() => undefined);
  for (let round = 0; round < 11; round++) {
    works.forEach((work, i) => {
      const started = process.cpuUsage();
      sums[i] = work();
      const used = process.cpuUsage(started);
      best[i] = Math.min(best[i], (used.user + used.system) / 1e6);
    });
  }
  return best.map((seconds, i) => ({ rate: records / seconds, sum: sums[i] }));
}

const strings = wasm.prepare(records);
const [floor, batch, values, built, many] = rates([
  wasm.sha256_floor,
  wasm.sha256_batch,
  wasm.hash_values,
  wasm.build_user_data,
  wasm.build_user_data_many,
]);
if (batch.sum !== floor.sum || many.sum !== built.sum) {
  console.log(`checksums differ: sha2 ${floor.sum} batch ${batch.sum}; build ${built.sum} many ${many.sum}`);
  process.exitCode = 1;
}
const row = (name, value, note) =>
  `${name.padEnd(28)} ${value.toFixed(0).padStart(12)} records/s` + (note ? `   ${note}` : "");
console.log(
  `records: ${records} (6 identifiers each: em, ph, fn, ln, zp, country; ${strings} hashed strings); CPU time, best of 11 interleaved rounds`,
);
console.log(row("sha256 floor (sha2 simd128)", floor.rate));
console.log(row("HashBatch (4 lanes)", batch.rate, `${(batch.rate / floor.rate).toFixed(2)}x sha2's speed`));
console.log(row("normalize + hash", values.rate, `${(floor.rate / values.rate).toFixed(2)}x the floor`));
console.log(row("UserData::build", built.rate, `${(floor.rate / built.rate).toFixed(2)}x the floor`));
console.log(row("UserData::build_many", many.rate, `${(floor.rate / many.rate).toFixed(2)}x the floor`));
