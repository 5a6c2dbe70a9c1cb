// The page-object layer itself, in the browser of the run (HASHDROP_E2E_BROWSER): every
// Playwright-style call the page objects make, on a small static page under a strict CSP, so a
// driver difference shows here first rather than as a confusing failure in a flow test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { launch } from './browser.mjs';

const dir = new URL('./fixtures/driver/', import.meta.url);

async function serve() {
  const server = createServer(async (request, response) => {
    const name = new URL(request.url, 'http://x').pathname.slice(1) || 'index.html';
    if (name === 'favicon.ico') return response.writeHead(204).end();
    const body = await readFile(new URL(name, dir)).catch(() => null);
    if (!body) return response.writeHead(404).end();
    response.writeHead(200, { 'Content-Type': name.endsWith('.js') ? 'text/javascript' : 'text/html; charset=utf-8' });
    response.end(body);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

test('the driver layer fills, checks, selects, waits, reads, fakes the clock and downloads', async () => {
  const { server, url } = await serve();
  const session = await launch();
  try {
    const { page, errors } = session;
    await page.clock.setFixedTime(new Date('2026-11-20T00:00:00Z'));
    await page.goto(url);
    await page.getByTestId('late').waitFor();
    await page.getByTestId('name').fill('Ann');
    assert.equal(await page.getByTestId('echo').textContent(), 'Ann');
    assert.equal(await page.getByLabel('Your name').inputValue(), 'Ann');
    await page.getByTestId('agree').check();
    assert.equal(await page.getByTestId('agree').isChecked(), true);
    await page.getByTestId('choice').selectOption('b');
    assert.equal(await page.getByTestId('chosen').textContent(), 'b');
    assert.equal(await page.getByTestId('item').count(), 3);
    assert.equal(await page.getByTestId('item').nth(1).getAttribute('data-n'), '2');
    assert.equal(await page.getByTestId('item').first().getAttribute('data-n'), '1');
    assert.deepEqual(await page.getByTestId('item').evaluateAll((items) => items.map((li) => li.dataset.n)), ['1', '2', '3']);
    const two = page.getByTestId('item').filter({ has: page.getByTestId('item-name').getByText('Two', { exact: true }) });
    assert.equal(await two.count(), 1);
    assert.equal(await two.getAttribute('data-n'), '2');
    assert.equal(await page.getByTestId('list').locator('li').count(), 3);
    assert.equal(await page.getByTestId('disabled').isDisabled(), true);
    await page.getByTestId('now-button').click();
    assert.equal(await page.getByTestId('now').textContent(), String(Date.parse('2026-11-20T00:00:00Z')));
    await page.waitForFunction((want) => document.querySelector('[data-testid="now"]').textContent === want, String(Date.parse('2026-11-20T00:00:00Z')));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
    const chunks = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk);
    assert.equal(download.suggestedFilename(), 'table.csv');
    assert.equal(Buffer.concat(chunks).toString('utf8'), 'a,b\r\n1,2\r\n');
    await page.getByTestId('name').focus();
    await page.keyboard.press('Tab');
    await page.waitForURL((u) => u.pathname === '/');
    assert.deepEqual(errors, []);
  } finally {
    await session.browser.close();
    server.close();
  }
});
