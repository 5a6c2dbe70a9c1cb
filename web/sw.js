// hashdrop's service worker: the app keeps working with no connection once it has been opened.
//
// `cargo xtask dist` (and `serve`) writes this file into the site with the build's list on the
// BUILD line: every file the page can load, each with its Subresource Integrity value, and an
// id derived from that list. Installing fetches every file of the list (checked against its
// integrity value, past the HTTP cache) into the cache named after the id; so each build has its
// own cache, and an altered file fails the install instead of being kept.
//
// The first install takes over at once. A later build installs beside the running one and waits:
// the page (web/boot.js) shows "a new version is ready", and the new worker takes over when the
// user reloads with it (message 'activate-update'), then deletes the older builds' caches. Until
// then the open page keeps the files it was built with.
//
// Only the site's own files are answered here; calls to the Graph API never pass through.
const BUILD = { id: 'unbuilt', base: '/', files: [] };

const CACHE = `hashdrop-${BUILD.id}`;
const SHELL = `${BUILD.base}index.html`;
const FILES = new Set(BUILD.files.map(([path]) => path));

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(
        BUILD.files.map(([path, integrity]) => new Request(`${BUILD.base}${path}`, { integrity, cache: 'reload' })),
      );
      // Nothing runs yet on a first visit: take over now, so the page works offline from here.
      if (!self.registration.active) await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('hashdrop-') && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'activate-update') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(BUILD.base)) return;
  const path = url.pathname.slice(BUILD.base.length);
  // A file of the build, or any other address in the app (a screen: the app routes it).
  const cached = FILES.has(path) ? `${BUILD.base}${path}` : request.mode === 'navigate' ? SHELL : null;
  if (cached === null) return;
  event.respondWith(
    (async () => (await (await caches.open(CACHE)).match(cached)) ?? fetch(request))(),
  );
});
