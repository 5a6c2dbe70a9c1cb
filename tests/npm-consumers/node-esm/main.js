// Node, ES modules: `import` by the package's name (its "node" + "import" export).
import { readFileSync } from "node:fs";
import { hash, hashUserData, hashUserDataMany, init, normalize } from "hashdrop";
import { prepareUpload } from "hashdrop/upload";
import { parseVectors, report, runChecks } from "../shared/checks.mjs";

await init(); // resolves at once in Node; browser code calls it, so it must be there
const vectors = parseVectors(readFileSync(process.argv[2], "utf8"));
const api = { hash, normalize, hashUserData, hashUserDataMany, prepareUpload };
report("node-esm", runChecks(api, vectors), vectors);
