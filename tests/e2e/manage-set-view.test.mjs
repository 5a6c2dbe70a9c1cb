// Issue 15, item 5 on /manage/sets: a set's view shows the ad accounts it is assigned to and
// the businesses it is shared with (GET /{set}/adaccounts, GET /{set}/agencies; for a dataset
// /shared_accounts and /agencies), and renames it or changes its description (POST /{set}).
// The emulator's state is read back with Graph after each action.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, cspViolations, assertNotInUrls } from './browser.mjs';
import { token, BUSINESS, CLIENT, ACCOUNT, DATASET, graph, graphPost } from './graph.mjs';
import { connected } from './flow.mjs';
import { ManagePage } from './pages/manage.mjs';

/** The ids a view list shows (empty when it says "none yet"). */
async function listed(m, testid) {
  await m.id(testid).waitFor();
  return m.id(testid).evaluate((el) => [...el.querySelectorAll('li')].map((li) => li.dataset.id));
}

/** Wait until the view has read who may use the set. */
async function assignedLoaded(m) {
  await m.page.waitForFunction(() => document.querySelector('[data-testid="sets-assigned-status"]')?.dataset.state === 'done');
}

async function withSets(body) {
  const session = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await connected(session.page);
    const manage = new ManagePage(session.page);
    await manage.openFromNav();
    await body({ ...session, manage });
    assertNotInUrls(session.requests, [token], assert);
    assert.deepEqual(await cspViolations(session.page), [], 'no CSP violation');
    assert.deepEqual(session.errors, [], 'no page error');
  } finally {
    await session.browser.close();
  }
}

test("a set's view lists its ad accounts and agencies, and renames it", async () => {
  const name = `view e2e ${Date.now()}`;
  const { id: set } = await graphPost(`/${BUSINESS}/offline_conversion_data_sets`, { name, description: 'before' });
  await withSets(async ({ manage: m }) => {
    await m.id('sets-kind-ocapi').check();
    await m.id('sets-selected-id').fill(set);
    let viewed = await m.act('sets-view', 'sets-view-status');
    assert.equal(viewed.state, 'done', viewed.text);
    await assignedLoaded(m);
    assert.deepEqual(await listed(m, 'sets-details-accounts'), [], 'nothing assigned yet');
    assert.equal(await m.id('sets-details-accounts').getAttribute('data-count'), '0');
    assert.deepEqual(await listed(m, 'sets-details-agencies'), []);

    // Assign the ad account and share with the client: the view shows both after it is opened again.
    assert.equal((await m.act('sets-assign', 'sets-assign-status')).state, 'done');
    assert.equal((await m.act('sets-share', 'sets-share-status')).state, 'done');
    viewed = await m.act('sets-view', 'sets-view-status');
    assert.equal(viewed.state, 'done');
    await m.page.waitForFunction(() => document.querySelector('[data-testid="sets-details-agencies"]')?.dataset.count === '1');
    assert.deepEqual(await listed(m, 'sets-details-accounts'), (await graph(`/${set}/adaccounts`)).data.map((a) => a.id));
    assert.deepEqual(await listed(m, 'sets-details-accounts'), [ACCOUNT]);
    assert.deepEqual(await listed(m, 'sets-details-agencies'), [CLIENT]);

    // Rename it and change its description; the view reads it again.
    assert.equal(await m.id('sets-rename-name').inputValue(), name, 'the form starts from the set');
    assert.equal(await m.id('sets-rename-description').inputValue(), 'before');
    await m.id('sets-rename-name').fill(`${name} (renamed)`);
    await m.id('sets-rename-description').fill('after');
    const saved = await m.act('sets-rename', 'sets-rename-status');
    assert.equal(saved.state, 'done', saved.text);
    const stored = await graph(`/${set}?fields=name,description`);
    assert.deepEqual([stored.name, stored.description], [`${name} (renamed)`, 'after']);
    await m.page.waitForFunction((want) => document.querySelector('[data-testid="sets-details-name"]')?.textContent === want, `${name} (renamed)`);
    assert.equal(await m.id('sets-details-description').textContent(), 'after');

    // An empty name is refused before any call.
    await m.id('sets-rename-name').fill('  ');
    const refused = await m.act('sets-rename', 'sets-rename-status');
    assert.equal(refused.state, 'error');
    assert.equal(refused.problem, 'invalid_input');
    assert.equal((await graph(`/${set}?fields=name`)).name, `${name} (renamed)`);
  });
});

test("a dataset's view lists the accounts it is shared with, and renames it without a description", async () => {
  await withSets(async ({ manage: m }) => {
    await m.id('sets-kind-capi').check();
    await m.id('sets-selected-id').fill(DATASET);
    const viewed = await m.act('sets-view', 'sets-view-status');
    assert.equal(viewed.state, 'done', viewed.text);
    await assignedLoaded(m);
    const shared = (await graph(`/${DATASET}/shared_accounts`)).data.map((a) => a.id);
    assert.deepEqual(await listed(m, 'sets-details-accounts'), shared);
    assert.deepEqual(await listed(m, 'sets-details-agencies'), (await graph(`/${DATASET}/agencies`)).data.map((a) => a.id));
    await m.id('sets-rename-capi-note').waitFor();
    assert.equal(await m.id('sets-rename-description').count(), 0);
    const before = (await graph(`/${DATASET}?fields=name`)).name;
    await m.id('sets-rename-name').fill(`${before} (e2e)`);
    assert.equal((await m.act('sets-rename', 'sets-rename-status')).state, 'done');
    assert.equal((await graph(`/${DATASET}?fields=name`)).name, `${before} (e2e)`);
    // Give the seeded dataset its name back for the other tests.
    await m.id('sets-rename-name').fill(before);
    assert.equal((await m.act('sets-rename', 'sets-rename-status')).state, 'done');
    assert.equal((await graph(`/${DATASET}?fields=name`)).name, before);
  });
});
