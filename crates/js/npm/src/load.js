// Loading a wasm-bindgen module in the browser entry points (`hashdrop`, `hashdrop/upload`) and
// in the worker. The wasm bytes are inlined in the package as base64: no bundler, dev server or
// plain <script type="module"> has to find, copy or serve a .wasm file, and no fetch has to pass
// the page's Content-Security-Policy `connect-src`.

/** The bytes of a base64 text. */
export function fromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** An `Error` with the package's `code` and `field` properties. */
export function codedError(message, code, field) {
  return Object.assign(new Error(message), { code, field });
}

/**
 * `init` and the guard of one entry point. `initGlue` is wasm-bindgen's `__wbg_init`;
 * `loadBase64` imports the module's bytes (a dynamic import: bundlers that split code put the
 * bytes in their own chunk, fetched only by `init()` without a source). `init(source)` may be given a `URL`, a `Response`, bytes or a compiled
 * `WebAssembly.Module` to load instead (a copy of the .wasm file served by the partner).
 */
export function loader(entry, initGlue, loadBase64) {
  let loading;
  let ready = false;
  return {
    init(source) {
      if (!loading) {
        loading = (async () => {
          const module_or_path = source ?? fromBase64((await loadBase64()).default);
          await initGlue({ module_or_path });
          ready = true;
        })();
        // A failed load (a bad `source`) may be retried.
        loading.catch(() => {
          loading = undefined;
        });
      }
      return loading;
    },
    check(name) {
      if (!ready) {
        throw codedError(
          `${entry}: call \`await init()\` before ${name}() (it loads the WebAssembly module)`,
          "not_initialized",
          "",
        );
      }
    },
  };
}
