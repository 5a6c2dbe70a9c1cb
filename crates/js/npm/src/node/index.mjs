// `import "hashdrop"` in Node: the CommonJS entry, so that `import` and `require` share one
// wasm instance.
import { createRequire } from "node:module";

const api = createRequire(import.meta.url)("./index.cjs");

export const { init, normalize, hash, hashUserData, hashUserDataMany } = api;
