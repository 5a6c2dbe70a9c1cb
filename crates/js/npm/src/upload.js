// `hashdrop/upload` in browsers, bundlers and workers: prepareUpload (CSV to request bodies),
// with its own wasm (the events pipeline) inlined, and prepareUploadParallel on Web Workers.
// Node takes `node/upload.*`.
import initGlue, * as glue from "./wasm/full.js";
import { fromBase64, loader } from "./load.js";
import { prepareInSlices } from "./parallel.js";

const wasm = loader("hashdrop/upload", initGlue, () => import("./wasm/full-base64.js"));

/** Load the WebAssembly module; `prepareUpload` needs it. Idempotent. */
export const init = wasm.init;

export function prepareUpload(csv, options) {
  wasm.check("prepareUpload");
  return glue.prepareUpload(csv, options);
}

// The workers' wasm module, compiled once on this thread from the inlined bytes and sent to
// every worker (a compiled module is shared, not compiled again by each).
let workerModule;

// The pool's workers: module workers started from a Blob of the worker script inlined in the
// package (a Content-Security-Policy must allow `worker-src blob:`).
const browser = {
  cores: () => globalThis.navigator?.hardwareConcurrency || 1,
  async start(count) {
    const { default: script } = await import("./wasm/slice-worker-full.js");
    workerModule ??= import("./wasm/full-base64.js").then(({ default: base64 }) =>
      WebAssembly.compile(fromBase64(base64)),
    );
    workerModule.catch(() => {
      workerModule = undefined;
    });
    const module = await workerModule;
    const url = URL.createObjectURL(new Blob([script], { type: "text/javascript" }));
    try {
      return Array.from({ length: count }, () => {
        const worker = new Worker(url, { type: "module", name: "hashdrop-slices" });
        worker.postMessage({ type: "init", wasm: module });
        return {
          post: (message, transfer) => worker.postMessage(message, transfer ?? []),
          listen(onMessage, onFailure) {
            worker.onmessage = (event) => onMessage(event.data);
            worker.onerror = (event) => {
              event.preventDefault();
              onFailure(
                Object.assign(new Error(`hashdrop/upload: a worker failed (${event.message ?? "no message"})`), {
                  code: "worker_failed",
                  field: "",
                }),
              );
            };
          },
          terminate: () => worker.terminate(),
        };
      });
    } finally {
      // The workers have their script once started; a revoked URL is not fetched again.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    }
  },
};

export async function prepareUploadParallel(csv, options, parallel) {
  await init();
  return prepareInSlices(glue, browser, csv, options, parallel);
}
