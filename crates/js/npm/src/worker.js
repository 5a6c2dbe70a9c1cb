// `hashdrop/worker`: bulk hashing and prepareUpload in a Web Worker, promise-based, so the page's
// thread stays free. The worker's script is inlined in the package and started from a Blob (the
// page's CSP must allow `worker-src blob:`); no bundler or server has to know about it.
import { codedError, fromBase64 } from "./load.js";

/** Rebuild the worker's error on the page: an `Error` with `code`, `field` (and `index`). */
function revive(error) {
  const revived = codedError(error.message, error.code, error.field);
  revived.name = error.name;
  if (error.index !== undefined) revived.index = error.index;
  return revived;
}

async function start(upload) {
  const [{ default: source }, { default: base64 }] = await Promise.all(
    upload
      ? [import("./wasm/worker-full.js"), import("./wasm/full-base64.js")]
      : [import("./wasm/worker-core.js"), import("./wasm/core-base64.js")],
  );
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  const worker = new Worker(url, { type: "module", name: "hashdrop" });
  const bytes = fromBase64(base64);
  worker.postMessage({ type: "init", wasm: bytes }, [bytes.buffer]);
  return { worker, url };
}

/**
 * Start a worker. `{ upload: true }` adds `prepareUpload` (and loads the larger upload wasm);
 * without it the worker only hashes.
 */
export function createWorker(options = {}) {
  const upload = options.upload === true;
  const pending = new Map();
  let nextId = 1;
  let failure;
  const fail = (error) => {
    failure = error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  const started = start(upload).then(({ worker, url }) => {
    worker.onmessage = (event) => {
      const message = event.data;
      if (message.type === "ready" || message.type === "failed") {
        URL.revokeObjectURL(url);
        if (message.type === "failed") fail(revive(message.error));
        return;
      }
      const call = pending.get(message.id);
      if (!call) return;
      pending.delete(message.id);
      if (message.error) call.reject(revive(message.error));
      else call.resolve(message.result);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      fail(codedError(`hashdrop/worker: the worker failed (${event.message ?? "no message"})`, "worker_failed", ""));
    };
    return worker;
  });
  started.catch((error) => fail(codedError(`hashdrop/worker: cannot start the worker (${error.message})`, "worker_failed", "")));

  const call = (method, args) =>
    started.then(
      (worker) =>
        new Promise((resolve, reject) => {
          if (failure) return reject(failure);
          const id = nextId;
          nextId += 1;
          pending.set(id, { resolve, reject });
          worker.postMessage({ id, method, args });
        }),
    );

  const api = {
    normalize: (field, value, callOptions) => call("normalize", [field, value, callOptions]),
    hash: (field, value, callOptions) => call("hash", [field, value, callOptions]),
    hashUserData: (record, callOptions) => call("hashUserData", [record, callOptions]),
    hashUserDataMany: (records, callOptions) => call("hashUserDataMany", [records, callOptions]),
    terminate() {
      started.then((worker) => worker.terminate(), () => {});
      fail(codedError("hashdrop/worker: terminated", "terminated", ""));
    },
  };
  if (upload) api.prepareUpload = (csv, callOptions) => call("prepareUpload", [csv, callOptions]);
  return api;
}
