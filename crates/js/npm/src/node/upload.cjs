"use strict";
// `hashdrop/upload` in Node (`require`, and `import` through upload.mjs): the wasm is read and
// compiled when this file is first required; `init` is here so that browser code runs unchanged.
const glue = require("../wasm/full.node.cjs");

exports.init = function init() {
  return Promise.resolve();
};
exports.prepareUpload = glue.prepareUpload;
