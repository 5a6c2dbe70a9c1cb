// The worker's side of `hashdrop/worker`. `cargo xtask pack` writes wasm-bindgen's glue, then
// `const CALLS = { … }` (the functions this worker offers), then this file, into one module
// script; the page starts it from a Blob and sends the wasm bytes in its first message.
let ready;

function plainError(error) {
  return {
    name: error?.name ?? "Error",
    message: String(error?.message ?? error),
    code: error?.code ?? "worker_failed",
    field: error?.field ?? "",
    index: error?.index,
  };
}

self.onmessage = (event) => {
  const message = event.data;
  if (message.type === "init") {
    ready = __wbg_init({ module_or_path: message.wasm });
    ready.then(
      () => self.postMessage({ type: "ready" }),
      (error) => self.postMessage({ type: "failed", error: plainError(error) }),
    );
    return;
  }
  const { id, method, args } = message;
  Promise.resolve(ready)
    .then(() => CALLS[method](...args))
    .then(
      (result) => self.postMessage({ id, result }),
      (error) => self.postMessage({ id, error: plainError(error) }),
    );
};
