// Starts the app. Trunk would otherwise inject an inline module script, which a
// Content-Security-Policy without 'unsafe-inline' (ours) refuses to run; Trunk.toml's
// `pattern_script` loads this file instead and passes the hashed file names as data attributes.
const boot = document.querySelector('script[data-hashdrop-js][data-hashdrop-wasm]');
// Leaving the page (a reload, a link, the back button) while the app is still downloading makes
// the browser abort those downloads: Firefox then rejects the start with an AbortError (or a
// NetworkError), which is not a failure of this page. A failed start surfaces only if the page is
// still there a moment later: an unloaded document runs no more timers.
let leaving = false;
addEventListener('pagehide', () => {
  leaving = true;
});
try {
  const { default: init } = await import(boot.dataset.hashdropJs);
  await init({ module_or_path: boot.dataset.hashdropWasm });
} catch (error) {
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  if (!leaving) throw error;
}
