// The functions with the most self time in the `.cpuprofile` that `node --cpu-prof` wrote into
// a folder: `node crates/js/bench/cpuprofile-top.mjs <dir> [count]`. Rust symbols are printed
// without their hash suffixes.

import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

const dir = process.argv[2];
const count = Number(process.argv[3] ?? 25);
const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
const profile = JSON.parse(readFileSync(path.join(dir, file), "utf8"));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
profile.samples.forEach((id, i) => {
  const frame = nodes.get(id).callFrame;
  const name = (frame.functionName || `(anonymous ${frame.url})`)
    .replace(/::h[0-9a-f]{16}$/, "")
    .replace(/17h[0-9a-f]{16}E$/, "E")
    .replace(/\[[0-9a-f]{16}\]/g, "");
  self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
[...self.entries()]
  .sort((a, b) => b[1] - a[1])
  .slice(0, count)
  .forEach(([name, micros]) =>
    console.log(`${((100 * micros) / total).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}`),
  );
