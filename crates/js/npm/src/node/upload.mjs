// `import "hashdrop/upload"` in Node: the CommonJS entry, one wasm instance for both.
import { createRequire } from "node:module";

const api = createRequire(import.meta.url)("./upload.cjs");

export const { init, prepareUpload, prepareUploadParallel } = api;
