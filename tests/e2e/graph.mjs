// What every end-to-end test knows of the emulator: the token the run registered, the seeded
// objects' ids (crates/emulator/src/state.rs), the sample file and its "now", and Graph calls
// made the way the app makes them, to check the emulator's state after the page acted.
import { emulatorUrl } from './browser.mjs';

/** The token `cargo xtask test` registers with the emulator. */
export const token = process.env.HASHDROP_TOKEN ?? 'e2e-token';
/** The emulator's Graph API root at the app's default version. */
export const G = `${emulatorUrl}/v24.0`;
/** The seeded demo business, client business, ad account, ad and dataset. */
export const BUSINESS = '100000000000001';
export const CLIENT = '100000000000009';
export const ACCOUNT = 'act_200000000000002';
export const AD = '300000000000003';
export const DATASET = '400000000000004';

/** The store-sales sample file (shared/data/samples). */
export const SAMPLE = new URL('./fixtures/store-sales.csv', import.meta.url).pathname;
/** The sample's expected results hold for this "now" (shared/data/samples/README.md). */
export const SAMPLE_NOW = new Date('2026-11-20T00:00:00Z');

/**
 * A Graph read sent as the app sends it: a form POST with the parameters, `method=get` and the
 * token in the body (`path` may carry a query; its parameters move into the body).
 */
export async function graph(path, { as = token } = {}) {
  const url = new URL(`${G}${path}`);
  const body = new URLSearchParams(url.searchParams);
  body.set('method', 'get');
  body.set('access_token', as);
  const response = await fetch(`${url.origin}${url.pathname}`, { method: 'POST', body });
  const json = await response.json();
  if (!response.ok || json.error) throw new Error(`GET ${url.pathname}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** A Graph POST, form-encoded with the token in the body. */
export async function graphPost(path, fields) {
  const body = new URLSearchParams({ ...fields, access_token: token });
  const response = await fetch(`${G}${path}`, { method: 'POST', body });
  const json = await response.json();
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** Every item of a Graph list, following its cursors (never the `next` URL, which has the token). */
export async function graphAll(path) {
  const items = [];
  let after = '';
  for (;;) {
    const page = await graph(`${path}${path.includes('?') ? '&' : '?'}limit=100${after && `&after=${after}`}`);
    items.push(...page.data);
    if (!page.paging?.next) return items;
    after = page.paging.cursors.after;
  }
}
