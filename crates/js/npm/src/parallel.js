// The pool behind `prepareUploadParallel` (browsers and Node alike): this thread reads the file
// a piece at a time and cuts it into slices on record boundaries (the wasm's `UploadSlices`,
// over the events crate's slicer: a slice never starts inside a quoted field), the workers
// prepare the slices (`UploadSlicePreparer`), and this thread puts their results back together
// in file order into exactly what `prepareUpload` returns. At most two slices a worker (of at
// most 1 MiB each) are read and not yet combined: memory stays bounded whatever the file's size
// (but for the result itself).
import { codedError } from "./load.js";

/** Bytes read from the input and fed to the slicer at a time. */
const READ_BYTES = 1 << 20;
/** The most workers started by default. */
const MAX_DEFAULT_WORKERS = 8;

/** The input's size and its bytes, a piece at a time. */
function source(csv) {
  const fromBytes = (bytes) => ({
    size: bytes.length,
    async *pieces() {
      for (let at = 0; at < bytes.length; at += READ_BYTES) yield bytes.subarray(at, at + READ_BYTES);
    },
  });
  if (typeof csv === "string") return fromBytes(new TextEncoder().encode(csv));
  if (csv instanceof Uint8Array) return fromBytes(csv);
  if (csv instanceof ArrayBuffer) return fromBytes(new Uint8Array(csv));
  if (typeof Blob !== "undefined" && csv instanceof Blob) {
    return {
      size: csv.size,
      async *pieces() {
        for (let at = 0; at < csv.size; at += READ_BYTES) {
          yield new Uint8Array(await csv.slice(at, at + READ_BYTES).arrayBuffer());
        }
      },
    };
  }
  throw codedError("csv must be a string, a Uint8Array, an ArrayBuffer or a Blob", "bad_input", "csv");
}

/** `parallel.workers`, or the platform's cores (at most 8). */
function workerCount(parallel, cores) {
  const requested = parallel?.workers;
  if (requested === undefined || requested === null) {
    return Math.max(1, Math.min(cores(), MAX_DEFAULT_WORKERS));
  }
  if (!Number.isInteger(requested) || requested < 1) {
    throw codedError("option `workers`: expected a whole number, at least 1", "invalid_option", "workers");
  }
  return requested;
}

/** The worker's error as a coded `Error` of this thread. */
function revive(error) {
  return Object.assign(codedError(error.message, error.code, error.field), { name: error.name });
}

/**
 * `prepareUpload(csv, options)` on a pool. `glue`: the wasm-bindgen module (initialized);
 * `platform`: `cores()` (how many by default) and `start(count)`, a promise of `count` workers,
 * each `{ post(message, transfer), listen(onMessage, onFailure), terminate() }`.
 */
export async function prepareInSlices(glue, platform, csv, options, parallel) {
  const input = source(csv);
  const count = workerCount(parallel, platform.cores);
  const slices = new glue.UploadSlices(options, input.size, count);
  let workers = [];
  try {
    workers = await platform.start(count);
    const limit = 2 * count;
    const idle = [];
    const queue = [];
    const results = new Map();
    let next = 0;
    let inFlight = 0;
    let failure;
    let wake = () => {};
    const changed = () => new Promise((resolve) => (wake = resolve));

    const dispatch = () => {
      while (idle.length > 0 && queue.length > 0) {
        const worker = idle.pop();
        const slice = queue.shift();
        if (!worker.hasLayout) {
          worker.post({ type: "layout", layout: slices.layout });
          worker.hasLayout = true;
        }
        const { index, start, recordsBefore, bytes } = slice;
        worker.post({ type: "slice", index, start, recordsBefore, bytes }, [bytes.buffer]);
      }
    };
    // Results in file order; the first error in the file is the one thrown, as one pass throws it.
    const combine = () => {
      while (!failure && results.has(next)) {
        const { result, error } = results.get(next);
        results.delete(next);
        next += 1;
        inFlight -= 1;
        if (error) failure = revive(error);
        else slices.add(result);
      }
    };
    for (const worker of workers) {
      worker.listen(
        (message) => {
          results.set(message.index, message);
          idle.push(worker);
          try {
            combine();
          } catch (error) {
            failure ??= error;
          }
          dispatch();
          wake();
        },
        (error) => {
          failure ??= error;
          wake();
        },
      );
      idle.push(worker);
    }
    const submit = async (slice) => {
      while (inFlight >= limit && !failure) await changed();
      if (failure) throw failure;
      queue.push(slice);
      inFlight += 1;
      dispatch();
    };

    for await (const piece of input.pieces()) {
      for (const slice of slices.feed(piece)) await submit(slice);
    }
    for (const slice of slices.finish()) await submit(slice);
    while (inFlight > 0 && !failure) await changed();
    if (failure) throw failure;
    return slices.result();
  } finally {
    for (const worker of workers) worker.terminate();
    slices.free();
  }
}
