// `hashdrop/upload` in browsers, bundlers and workers: prepareUpload (CSV to request bodies),
// with its own wasm (the events pipeline) inlined. Node takes `node/upload.*`.
import initGlue, * as glue from "./wasm/full.js";
import { loader } from "./load.js";

const wasm = loader("hashdrop/upload", initGlue, () => import("./wasm/full-base64.js"));

/** Load the WebAssembly module; `prepareUpload` needs it. Idempotent. */
export const init = wasm.init;

export function prepareUpload(csv, options) {
  wasm.check("prepareUpload");
  return glue.prepareUpload(csv, options);
}
