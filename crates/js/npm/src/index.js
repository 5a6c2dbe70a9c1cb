// `hashdrop` in browsers, bundlers and workers: the match-keys core (normalize, hash,
// hashUserData, hashUserDataMany), small, with its wasm inlined. Node takes `node/index.*`.
import initGlue, * as glue from "./wasm/core.js";
import { loader } from "./load.js";

const wasm = loader("hashdrop", initGlue, () => import("./wasm/core-base64.js"));

/** Load the WebAssembly module; every other function needs it. Idempotent. */
export const init = wasm.init;

export function normalize(field, value, options) {
  wasm.check("normalize");
  return glue.normalize(field, value, options);
}

export function hash(field, value, options) {
  wasm.check("hash");
  return glue.hash(field, value, options);
}

export function hashUserData(record, options) {
  wasm.check("hashUserData");
  return glue.hashUserData(record, options);
}

export function hashUserDataMany(records, options) {
  wasm.check("hashUserDataMany");
  return glue.hashUserDataMany(records, options);
}
