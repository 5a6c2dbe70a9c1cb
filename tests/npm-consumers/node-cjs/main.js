// Node, CommonJS: `require` by the package's name (its "node" + "require" export), usable at
// once without `init`.
const { readFileSync } = require("node:fs");
const { hash, hashUserData, hashUserDataMany, normalize } = require("hashdrop");
const { prepareUpload } = require("hashdrop/upload");

import("../shared/checks.mjs").then(({ parseVectors, report, runChecks }) => {
  const vectors = parseVectors(readFileSync(process.argv[2], "utf8"));
  const api = { hash, normalize, hashUserData, hashUserDataMany, prepareUpload };
  report("node-cjs", runChecks(api, vectors), vectors);
});
