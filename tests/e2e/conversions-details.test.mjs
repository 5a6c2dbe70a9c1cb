// Issue 15, item 5 on the Custom conversions page: an advanced rule typed as JSON and checked
// like the rule, one conversion read on its own (details), the agency flow
// claim_custom_conversions, and the per-account limit shown as the reference's 100 with a
// tooltip that names the guide's 40. The emulator's state is read back over Graph.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, cspViolations, assertNotInUrls } from './browser.mjs';
import { token, ACCOUNT, CLIENT, graph } from './graph.mjs';
import { connected } from './flow.mjs';
import { ConversionsPage } from './pages/conversions.mjs';

const RULE = '{"and":[{"event_name":{"eq":"Purchase"}},{"value":{"gt":100}}]}';
const ADVANCED = '{"or":[{"event_name":{"eq":"Lead"}},{"value":{"gte":5}}]}';

test('advanced rule, details, claim for a business, and the limit with its source', async () => {
  const session = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    const { page, requests } = session;
    await connected(page);
    const c = new ConversionsPage(page);
    await c.openFromNav();
    await c.load(ACCOUNT);

    // The limit is the reference's 100, and the tooltip says the guide's is 40.
    assert.match(await c.limitCount.textContent(), / \/ 100$/);
    const note = await c.limitNote.getAttribute('title');
    assert.match(note, /100/);
    assert.match(note, /40/);

    // The advanced rule is checked by the rules crate, with the same error as the rule JSON.
    const name = `Advanced e2e ${Date.now()}`;
    await c.json.fill(RULE);
    await c.name.fill(name);
    await c.advancedRule.fill('{"and":[{"value":{"gt":"100"}}]}');
    await c.advancedRuleError.waitFor();
    assert.equal(await c.advancedRuleError.getAttribute('data-problem'), 'rule_operand_type');
    assert.equal(await c.advancedRuleError.textContent(), 'rule.and[0]."value": operator "gt" needs a number, got a string');
    assert.equal(await c.create(), 'invalid');
    assert.equal(await c.createStatus.locator('[data-problem]').getAttribute('data-problem'), 'advanced_rule');
    await c.advancedRule.fill(ADVANCED);
    assert.equal(await c.advancedRuleError.count(), 0);
    assert.equal(await c.create(), 'created');
    const id = (await c.createdId.textContent()).trim();
    const stored = await graph(`/${id}?fields=advanced_rule,rule`);
    assert.deepEqual(JSON.parse(stored.advanced_rule), JSON.parse(ADVANCED));

    // Details: the conversion read on its own, advanced rule included, no owner yet.
    await c.row(name).waitFor();
    let details = await c.details(name);
    assert.equal(details.id, id);
    assert.equal(details.name, name);
    assert.deepEqual(JSON.parse(details.advanced_rule), JSON.parse(ADVANCED));
    assert.deepEqual(JSON.parse(details.rule), JSON.parse(RULE));
    assert.equal(details.business, '—');
    await page.getByTestId('conv-details-close').click();

    // The agency flow: the client's business claims it, and owns it from then on.
    assert.equal(await c.claimBusiness.inputValue(), CLIENT);
    await c.claimConversion.selectOption(id);
    assert.equal(await c.claim(), 'done');
    assert.equal((await graph(`/${id}?fields=business`)).business.id, CLIENT);
    details = await c.details(name);
    assert.equal(details.business, CLIENT);

    // A claim by a business id that is not one is refused with the problem named.
    await c.claimBusiness.fill('not-a-business');
    await c.claimButton.click();
    await page.getByTestId('conv-claim-error').waitFor();
    assert.equal(await c.claimStatus.getAttribute('data-state'), 'error');
    assert.equal(await page.getByTestId('conv-claim-error').getAttribute('data-problem'), 'invalid_business');

    // In Chinese, the tooltip says the same.
    await c.langZh.click();
    assert.match(await c.limitNote.getAttribute('title'), /40/);

    assertNotInUrls(requests, [token], assert);
    assert.deepEqual(await cspViolations(page), [], 'no CSP violation');
    assert.deepEqual(session.errors, [], 'no page error');
  } finally {
    await session.browser.close();
  }
});
