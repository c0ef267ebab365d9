/**
 * The web UI behind a reverse-proxy prefix (`--set query.base_path=/jaeger`), in Chromium: search, open a trace, go
 * back to the same results, follow a deep link to a span, and every request the app makes stays under the prefix.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startServer, type ServerProcess } from '../e2e/server-process.js';
import { ISOLATED_STORAGE_ARGS, launchBrowser } from './browser.js';
import { recordCheckout, sendSpans, waitForTrace } from './ui-traces.js';

const PREFIX = '/jaeger';
let server: ServerProcess;
let browser: Browser;
let page: Page;
let traceId = '';
const outside: string[] = [];
const pageErrors: string[] = [];

before(async () => {
  server = await startServer({ args: [...ISOLATED_STORAGE_ARGS, '--set', `query.base_path=${PREFIX}`] });
  const t = recordCheckout(Date.now() - 60_000);
  traceId = t.traceId;
  await sendSpans(server.ports.otlpHttp, t.spans);
  await waitForTrace(`${server.queryUrl}${PREFIX}`, traceId, 6);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1360, height: 820 } });
  page.setDefaultTimeout(10_000);
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.origin === server.queryUrl && !url.pathname.startsWith(`${PREFIX}/`)) outside.push(url.pathname);
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('search → trace → back works under the base path, and so do deep links', async () => {
  const search = `${server.queryUrl}${PREFIX}/search?service=frontend&lookback=1h`;
  await page.goto(search);
  const item = page.locator(`[data-trace-id="${traceId}"]`);
  await item.waitFor();
  assert.equal(await item.locator('a.trace-item-title').getAttribute('href'), `${PREFIX}/trace/${traceId}`);
  await item.locator('a.trace-item-title').click();
  await page.locator('[data-testid=span-row]').nth(5).waitFor();
  assert.equal(new URL(page.url()).pathname, `${PREFIX}/trace/${traceId}`);
  assert.equal(await page.locator('[data-testid=trace-span-count]').innerText(), '6');

  await page.goBack();
  await item.waitFor();
  assert.equal(page.url(), search);
  assert.equal(await page.locator('#f-service').inputValue(), 'frontend');

  // A deep link to a span opens the trace with that span's detail; the nav links keep the prefix.
  const spanId = await page.evaluate(async (url) => {
    const res = await fetch(url);
    return ((await res.json()) as { data: Array<{ spans: Array<{ spanID: string; operationName: string }> }> }).data[0]!.spans.find((s) => s.operationName === 'Charge')!.spanID;
  }, `${PREFIX}/api/traces/${traceId}`);
  await page.goto(`${server.queryUrl}${PREFIX}/trace/${traceId}?uiFind=${spanId}`);
  await page.locator('[data-testid=trace-page][data-details=loaded]').waitFor();
  assert.equal(await page.locator('[data-testid=span-id]').innerText(), spanId);
  assert.match(await page.locator('[data-testid=span-detail]').innerText(), /card declined/);
  await page.getByRole('link', { name: 'Dependencies' }).click();
  await page.locator('[data-testid=dependency-graph]').waitFor();
  assert.equal(new URL(page.url()).pathname, `${PREFIX}/dependencies`);

  assert.deepEqual(outside, [], 'every request stayed under the base path');
  assert.deepEqual(pageErrors, []);
  // Without the prefix there is no UI.
  assert.equal((await fetch(`${server.queryUrl}/search`)).status, 404);
});
