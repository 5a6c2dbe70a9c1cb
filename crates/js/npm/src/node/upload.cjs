"use strict";
// `hashdrop/upload` in Node (`require`, and `import` through upload.mjs): the wasm is read and
// compiled when this file is first required; `init` is here so that browser code runs unchanged.
// prepareUploadParallel's workers are `worker_threads` running `slice-worker.cjs`.
const glue = require("../wasm/full.node.cjs");
const os = require("node:os");
const path = require("node:path");
const { Worker } = require("node:worker_threads");

exports.init = function init() {
  return Promise.resolve();
};
exports.prepareUpload = glue.prepareUpload;

const node = {
  cores: () => (os.availableParallelism ? os.availableParallelism() : os.cpus().length),
  async start(count) {
    return Array.from({ length: count }, () => {
      const worker = new Worker(path.join(__dirname, "slice-worker.cjs"));
      return {
        post: (message, transfer) => worker.postMessage(message, transfer),
        listen(onMessage, onFailure) {
          const failed = (why) =>
            onFailure(
              Object.assign(new Error(`hashdrop/upload: a worker failed (${why})`), {
                code: "worker_failed",
                field: "",
              }),
            );
          worker.on("message", onMessage);
          worker.on("error", (error) => failed(error.message));
          worker.on("exit", (code) => failed(`it exited with code ${code}`));
        },
        terminate() {
          worker.removeAllListeners("exit");
          worker.terminate();
        },
      };
    });
  },
};

exports.prepareUploadParallel = async function prepareUploadParallel(csv, options, parallel) {
  const { prepareInSlices } = await import("../parallel.js");
  return prepareInSlices(glue, node, csv, options, parallel);
};
