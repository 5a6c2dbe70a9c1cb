"use strict";
// `hashdrop` in Node (`require`, and `import` through index.mjs): the wasm is read from disk and
// compiled when this file is first required, so the functions work at once; `init` is here so
// that code written for the browser (`await init()`) runs unchanged.
const glue = require("../wasm/core.node.cjs");

exports.init = function init() {
  return Promise.resolve();
};
exports.normalize = glue.normalize;
exports.hash = glue.hash;
exports.hashUserData = glue.hashUserData;
exports.hashUserDataMany = glue.hashUserDataMany;
