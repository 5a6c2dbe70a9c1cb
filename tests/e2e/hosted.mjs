// The production site as a GitHub project page serves it: `cargo xtask dist --base /hashdrop/`
// output, served under /hashdrop/ by a GitHub Pages-like server (files as they are, 404.html for
// the rest, no headers of ours), from the same release build as every other test.
// `cargo xtask e2e` sets the variables; a newer build of the same site waits beside it for the
// update test.
import { cpSync } from 'node:fs';

/** `http://127.0.0.1:PORT/hashdrop/` */
export const pagesUrl = process.env.HASHDROP_PAGES_URL;
/** The folder served under /hashdrop/ (the update test puts the newer build there). */
const servedDir = process.env.HASHDROP_PAGES_DIR;
const firstBuild = process.env.HASHDROP_PAGES_FIRST;
const nextBuild = process.env.HASHDROP_PAGES_NEXT;
if (!pagesUrl || !servedDir || !firstBuild || !nextBuild) {
  throw new Error('HASHDROP_PAGES_URL, _DIR, _FIRST and _NEXT are set by `cargo xtask e2e`');
}

/** The path the site is served under. */
export const base = new URL(pagesUrl).pathname;

/** Put the newer build in place of the served one, as a new deployment does. */
export function deployNextBuild() {
  cpSync(nextBuild, servedDir, { recursive: true });
}

/** Put the first build back. */
export function deployFirstBuild() {
  cpSync(firstBuild, servedDir, { recursive: true });
}

/** Resolve once the page's service worker controls it (after a first visit). */
export async function controlledByServiceWorker(page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', null, {
    timeout: 60_000,
  });
}
