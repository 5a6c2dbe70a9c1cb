// Starts the app. Trunk would otherwise inject an inline module script, which a
// Content-Security-Policy without 'unsafe-inline' (ours) refuses to run; Trunk.toml's
// `pattern_script` loads this file instead and passes the hashed file names as data attributes.
// `cargo xtask dist` adds the wasm's Subresource Integrity value (`data-hashdrop-wasm-integrity`):
// the wasm is fetched with it, so an altered file is refused, like the scripts' `integrity`.
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
  const wasm = boot.dataset.hashdropWasm;
  const integrity = boot.dataset.hashdropWasmIntegrity;
  await init({ module_or_path: integrity ? fetch(wasm, { integrity }) : wasm });
} catch (error) {
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  if (!leaving) throw error;
}

// Offline use: the service worker (sw.js, next to this file, written with the build's file list)
// keeps this exact build. When a newer build has installed beside it, say so and offer a reload.
const texts = {
  en: ['A new version of hashdrop is ready.', 'Reload'],
  zh: ['hashdrop 新版本已就绪。', '重新加载'],
};

function offerUpdate(registration) {
  if (document.querySelector('[data-testid="update-ready"]')) return;
  const [message, action] = document.documentElement.lang.startsWith('zh') ? texts.zh : texts.en;
  const notice = document.createElement('div');
  notice.className = 'update-notice';
  notice.setAttribute('role', 'status');
  notice.dataset.testid = 'update-ready';
  const text = document.createElement('p');
  text.textContent = message;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'button';
  button.dataset.testid = 'update-reload';
  button.textContent = action;
  button.addEventListener('click', () => {
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    registration.waiting?.postMessage('activate-update');
  });
  notice.append(text, button);
  document.body.append(notice);
}

async function keepOffline() {
  if (!('serviceWorker' in navigator)) return;
  const scope = new URL('./', import.meta.url);
  let registration;
  try {
    registration = await navigator.serviceWorker.register(new URL('sw.js', scope), { scope: scope.pathname });
  } catch {
    // No service worker here (a private window, or a build without sw.js): the app still works
    // online.
    return;
  }
  const watch = (worker) => {
    if (!worker) return;
    const ready = () => worker.state === 'installed' && navigator.serviceWorker.controller && offerUpdate(registration);
    ready();
    worker.addEventListener('statechange', ready);
  };
  watch(registration.waiting ?? registration.installing);
  registration.addEventListener('updatefound', () => watch(registration.installing));
}

keepOffline();
