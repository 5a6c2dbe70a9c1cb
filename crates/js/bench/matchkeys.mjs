// Wasm half of `cargo xtask bench matchkeys`: records per second for normalize + hash inside
// the `hashdrop` package (built with the `bench` feature for Node), on the same generated
// records as the native bench (`matchkeys::bench`), and the ratio to the hashing floor: bare
// SHA-256 of the same, already-normalized strings, also inside wasm. JavaScript only times the
// calls; each loop runs entirely in wasm (a wasm-bindgen call per string would cost more than
// the hash).
//
// Usage: node crates/js/bench/matchkeys.mjs <path to the built package> [records]

import { createRequire } from "node:module";
import path from "node:path";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const pkg = require(path.resolve(process.argv[2], "hashdrop.js"));
const records = Number(process.argv[3] ?? 20_000);

/** Best of five runs, in records per second. */
function rate(work) {
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    work();
    best = Math.min(best, (performance.now() - started) / 1000);
  }
  return records / best;
}

const strings = pkg.benchPrepare(records);
const floor = rate(pkg.benchSha256Floor);
const values = rate(pkg.benchHashValues);
const built = rate(pkg.benchBuildUserData);
const row = (name, value, ratio) =>
  `${name.padEnd(20)} ${value.toFixed(0).padStart(12)} records/s` +
  (ratio === undefined ? "" : `   ${ratio.toFixed(2)}x the floor`);
console.log(
  `records: ${records} (6 identifiers each: em, ph, fn, ln, zp, country; ${strings} hashed strings)`,
);
console.log(row("sha256 floor", floor));
console.log(row("normalize + hash", values, floor / values));
console.log(row("UserData::build", built, floor / built));
