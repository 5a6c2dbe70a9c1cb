// A worker of `prepareUploadParallel`. `cargo xtask pack` puts this after the upload wasm's glue
// (browsers: one module script, started from a Blob; Node: `node/slice-worker.cjs`, a
// `worker_threads` script), followed by the lines that hand it each message and send its replies.
// Messages: `{ type: "layout", layout }` (once, before the slices), then
// `{ type: "slice", index, start, recordsBefore, bytes }`; each slice's reply is
// `{ index, result }` (the result's bytes transferred) or `{ index, error }`.
let preparer;
let layoutError;

function sliceError(error) {
  return {
    name: error?.name ?? "Error",
    message: String(error?.message ?? error),
    code: error?.code ?? "worker_failed",
    field: error?.field ?? "",
  };
}

function handle(message, reply) {
  if (message.type === "layout") {
    try {
      preparer = new UploadSlicePreparer(message.layout);
    } catch (error) {
      layoutError = sliceError(error);
    }
    return;
  }
  if (layoutError) {
    reply({ index: message.index, error: layoutError });
    return;
  }
  try {
    const result = preparer.prepare(message.start, message.recordsBefore, message.bytes);
    reply({ index: message.index, result }, [result.buffer]);
  } catch (error) {
    reply({ index: message.index, error: sliceError(error) });
  }
}
