// Starts the app. Trunk would otherwise inject an inline module script, which a
// Content-Security-Policy without 'unsafe-inline' (ours) refuses to run; Trunk.toml's
// `pattern_script` loads this file instead and passes the hashed file names as data attributes.
const boot = document.querySelector('script[data-hashdrop-js][data-hashdrop-wasm]');
const { default: init } = await import(boot.dataset.hashdropJs);
await init({ module_or_path: boot.dataset.hashdropWasm });
