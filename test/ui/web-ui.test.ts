/**
 * The web UI end to end in headless Chromium: the real server receives traces from the OpenTelemetry SDK, then the
 * browser searches, opens a trace (waterfall rows, critical path, span detail, XSS as text), compares two traces,
 * views dependencies and opens an uploaded file. Screenshots of each page are saved (to docs/screenshots/ with
 * ARIADNE_UPDATE_SCREENSHOTS=1, see browser.ts).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startServer, type ServerProcess } from '../e2e/server-process.js';
import { ISOLATED_STORAGE_ARGS, launchBrowser, SCREENSHOT_DIR } from './browser.js';
import { openUiHost, type UiHost } from './ui-host.js';
import { recordCheckout, sendSpans, waitForTrace, XSS_PAYLOAD } from './ui-traces.js';

let server: ServerProcess;
let host: UiHost;
let browser: Browser;
let page: Page;
const dialogs: string[] = [];
const pageErrors: string[] = [];
let traceA = '';
let traceB = '';

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
/** The trace page has its spans' details (they arrive after the timeline data). */
const detailsLoaded = () => page.locator('[data-testid=trace-page][data-details=loaded]').waitFor();

describe('web UI in Chromium', () => {
  before(async () => {
    server = await startServer({ args: ISOLATED_STORAGE_ARGS });
    const now = Date.now();
    const a = recordCheckout(now - 120_000);
    const b = recordCheckout(now - 60_000, { slow: true, extraCall: true });
    traceA = a.traceId;
    traceB = b.traceId;
    await sendSpans(server.ports.otlpHttp, [...a.spans, ...b.spans]);
    await waitForTrace(server.queryUrl, traceA, 6);
    await waitForTrace(server.queryUrl, traceB, 7);
    host = await openUiHost(server.queryUrl);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1360, height: 820 } });
    page.setDefaultTimeout(10_000);
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  after(async () => {
    await browser?.close();
    await host?.close();
    await server?.stop();
  });

  test('search lists both traces with the Jaeger URL scheme, and the scatter plot', async () => {
    await page.goto(`${host.url}/search?service=frontend&lookback=1h&limit=20`);
    await page.locator('[data-testid=trace-item]').nth(1).waitFor();
    assert.equal(await page.locator('[data-testid=trace-item]').count(), 2);
    assert.equal(await page.locator('[data-testid=scatter-plot] circle').count(), 2);
    const first = page.locator('[data-testid=trace-item]').first();
    assert.equal(await first.getAttribute('data-trace-id'), traceB, 'most recent first');
    const text = await first.innerText();
    assert.match(text, /frontend: GET \/checkout/);
    assert.match(text, /7 spans/);
    assert.match(text, /1 error/);
    assert.match(text, /cart \(2\)/);
    assert.equal(await page.locator('#f-service').inputValue(), 'frontend');
    await shot('search');

    // Tags filter from a Jaeger UI link (JSON in the URL): only errors in payments match both; a bogus value none.
    await page.goto(`${host.url}/search?service=frontend&tags=${encodeURIComponent('{"http.status_code":"404"}')}&lookback=1h`);
    await page.locator('[data-testid=empty]').waitFor();
    assert.equal(await page.locator('#f-tags').inputValue(), 'http.status_code=404');
  });

  test('the trace page shows the waterfall rows in tree order and the critical path', async () => {
    await page.goto(`${host.url}/search?service=frontend&lookback=1h&sort=longest`);
    await page.locator('[data-testid=trace-item]').first().waitFor();
    await page.locator(`[data-trace-id="${traceA}"] a.trace-item-title`).click();
    await page.locator('[data-testid=span-row]').nth(5).waitFor();
    await detailsLoaded();
    assert.equal(new URL(page.url()).pathname, `/trace/${traceA}`);
    assert.equal(await page.locator('[data-testid=trace-span-count]').innerText(), '6');
    const rows = page.locator('[data-testid=span-row]');
    const names = await rows.evaluateAll((els) => els.map((e) => (e.querySelector('.row-service')!.textContent ?? '') + ':' + (e.querySelector('.row-op')!.textContent ?? '')));
    assert.deepEqual(names, ['frontend:GET /checkout', 'frontend:audit.log', 'cart:GetCart', 'payments:Charge', 'db:INSERT payments', 'frontend:render']);
    const critical = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-critical')));
    assert.deepEqual(critical, ['true', 'false', 'true', 'true', 'true', 'true']);
    assert.ok((await page.locator('[data-testid=critical-segment]').count()) >= 6);
    // The error marker on payments, and bubbled up to the root when collapsed.
    assert.equal(await rows.nth(3).locator('.row-err').count(), 1);
    await page.locator('[data-testid=collapse-all]').click();
    assert.equal(await rows.count(), 1);
    assert.equal(await rows.first().locator('.row-err').count(), 1);
    await page.locator('[data-testid=expand-all]').click();
    assert.equal(await rows.count(), 6);
    await shot('trace');
  });

  test('a span opens its detail; an HTML attribute value shows as text and never runs', async () => {
    await page.locator('[data-testid=span-row]').first().click();
    const detail = page.locator('[data-testid=span-detail]');
    await detail.waitFor();
    const attrs = await page.locator('[data-testid=span-attributes]').innerText();
    assert.ok(attrs.includes(XSS_PAYLOAD), attrs);
    assert.equal(await detail.locator('img').count(), 0);
    assert.deepEqual(dialogs, []);
    await shot('span-detail');
    // Payments: status, events of cart, links of render.
    await page.locator('[data-testid=span-row]').nth(3).click();
    assert.match(await detail.innerText(), /ERROR[\s\S]*card declined/);
    await page.locator('[data-testid=span-row]').nth(2).click();
    assert.match(await detail.innerText(), /cache\.miss[\s\S]*\+10ms from span start/);
    await page.locator('[data-testid=span-row]').nth(5).click();
    assert.match(await detail.innerText(), /Links \(1\)[\s\S]*cart: GetCart/);
  });

  test('in-trace search counts matches and deep links select a span', async () => {
    await page.locator('[data-testid=find-input]').fill('db.system=postgresql');
    assert.equal(await page.locator('[data-testid=find-count]').innerText(), '1 of 1');
    await page.locator('[data-testid=find-input]').fill('frontend');
    assert.equal(await page.locator('[data-testid=find-count]').innerText(), '1 of 3');
    const spanId = await page.locator('[data-testid=span-row]').nth(4).getAttribute('data-span-id');
    await page.goto(`${host.url}/trace/${traceA}?uiFind=${spanId}`);
    await detailsLoaded();
    assert.equal(await page.locator('[data-testid=span-id]').innerText(), spanId);
  });

  test('the timeline shows span pills, hides services through the URL and resizes its name column', async () => {
    await page.goto(`${host.url}/trace/${traceA}`);
    const rows = page.locator('[data-testid=span-row]');
    await rows.nth(5).waitFor();
    await detailsLoaded();
    const pills = await rows.evaluateAll((els) => els.map((e) => [...e.querySelectorAll('.pill')].map((p) => p.textContent).join(' ')));
    assert.deepEqual(pills, ['server GET 500', '', 'server 1 event', 'server', 'client postgresql', '1 link']);
    assert.match(String(await rows.first().locator('[data-pill="http.status"]').getAttribute('class')), /pill-error/);

    // Hiding cart and db prunes their spans into placeholder rows; the URL carries the filter through a reload.
    await page.locator('[data-testid=service-filter]').click();
    await page.locator('[data-testid=service-filter-menu] input[data-service="cart"]').uncheck();
    await page.locator('[data-testid=service-filter-menu] input[data-service="db"]').uncheck();
    assert.equal(await page.locator('[data-testid=service-filter]').innerText(), 'Services 2/4');
    const shown = async () => page.locator('[data-testid=waterfall] .row').evaluateAll((els) =>
      els.map((e) => (e.classList.contains('pruned') ? `pruned ${e.getAttribute('data-count')}` : e.querySelector('.row-op')!.textContent)));
    const filtered = ['GET /checkout', 'audit.log', 'pruned 1', 'Charge', 'pruned 1', 'render'];
    assert.deepEqual(await shown(), filtered);
    assert.deepEqual(new URL(page.url()).searchParams.getAll('hideService'), ['cart', 'db']);
    await page.reload();
    await rows.nth(3).waitFor();
    await detailsLoaded();
    assert.deepEqual(await shown(), filtered);
    await page.locator('[data-testid=service-filter]').click();
    await page.locator('[data-testid=service-filter-menu] .service-filter-item', { hasText: 'payments' }).getByRole('button', { name: 'only' }).click();
    assert.deepEqual(await shown(), ['pruned 3', 'Charge', 'pruned 2']);
    await page.locator('[data-testid=service-filter-menu]').getByRole('button', { name: 'Show all' }).click();
    await page.locator('[data-testid=service-filter]').click();
    assert.equal(await page.locator('[data-testid=service-filter-menu]').count(), 0);
    assert.equal(await rows.count(), 6);
    assert.equal(new URL(page.url()).search, '');

    // The divider between names and bars drags, steps with the arrow keys, is remembered, and resets on double click.
    const nameWidth = () => rows.first().locator('.row-name').evaluate((e) => Math.round(e.getBoundingClientRect().width));
    assert.equal(await nameWidth(), 340);
    const divider = page.locator('[data-testid=column-divider]');
    const box = (await divider.boundingBox())!;
    await page.mouse.move(box.x + 3, box.y + 80);
    await page.mouse.down();
    await page.mouse.move(box.x + 63, box.y + 80, { steps: 3 });
    await page.mouse.move(box.x + 123, box.y + 80, { steps: 3 });
    await page.mouse.up();
    assert.equal(await nameWidth(), 460);
    await divider.focus();
    await page.keyboard.press('ArrowLeft');
    assert.equal(await nameWidth(), 440);
    await page.reload();
    await rows.nth(5).waitFor();
    assert.equal(await nameWidth(), 440);
    await divider.dblclick();
    assert.equal(await nameWidth(), 340);
  });

  test('other views of the trace render', async () => {
    await page.goto(`${host.url}/trace/${traceA}`);
    await detailsLoaded();
    await page.locator('[data-testid=view-stats]').click();
    const stats = await page.locator('[data-testid=stats-table]').innerText();
    assert.match(stats, /frontend\t3/);
    await shot('trace-statistics');
    await page.locator('[data-testid=view-graph]').click();
    assert.equal(await page.locator('[data-testid=trace-graph] [data-testid=graph-node]').count(), 6);
    await shot('trace-graph');
    await page.locator('[data-testid=view-flamegraph]').click();
    assert.equal(await page.locator('[data-testid=flamegraph] .flame-node').count(), 6);
    await shot('trace-flamegraph');
    await page.locator('[data-testid=view-spans]').click();
    assert.equal(await page.locator('[data-testid=spans-table] tbody tr').count(), 6);
    await page.locator('[data-testid=view-events]').click();
    assert.match(await page.locator('[data-testid=events-table]').innerText(), /cache\.miss/);
    await page.locator('[data-testid=view-json]').click();
    assert.match(await page.locator('[data-testid=trace-json]').innerText(), new RegExp(traceA));
  });

  test('compare shows the structural and the latency diff', async () => {
    await page.goto(`${host.url}/trace/${traceA}...${traceB}`);
    await page.locator('[data-testid=diff-row]').first().waitFor();
    const rows = await page.locator('[data-testid=diff-row]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-key'), e.getAttribute('data-status')]));
    assert.deepEqual(Object.fromEntries(rows), {
      'frontend::GET /checkout': 'same',
      'frontend::audit.log': 'same',
      'cart::GetCart': 'changed',
      'payments::Charge': 'same',
      'db::INSERT payments': 'same',
      'frontend::render': 'same',
    });
    const root = page.locator('[data-testid=diff-row][data-key="frontend::GET /checkout"]');
    assert.equal(await root.locator('[data-testid=diff-delta]').innerText(), '+100ms');
    assert.match(String(await root.locator('[data-testid=diff-delta]').getAttribute('class')), /lat-slower-3/);
    await shot('compare');
  });

  test('dependencies show the service graph with call counts', async () => {
    await page.goto(`${host.url}/dependencies`);
    await page.locator('[data-testid=dependency-graph]').waitFor();
    const nodes = await page.locator('[data-testid=graph-node]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id')).sort());
    assert.deepEqual(nodes, ['cart', 'db', 'frontend', 'payments']);
    const labels = await page.locator('[data-testid=edge-label]').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    assert.ok(labels.includes('3'), `frontend→cart is called 3 times: ${labels.join(',')}`);
    await shot('dependencies');
    await page.locator('[data-testid=layout-select]').selectOption('force');
    await page.locator('[data-testid=focus-select]').selectOption('payments');
    const focused = await page.locator('[data-testid=graph-node]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id')).sort());
    assert.deepEqual(focused, ['cart', 'db', 'frontend', 'payments']);
    await page.goto(`${host.url}/dependencies?focus=db&depth=1`);
    await page.locator('[data-testid=dependency-graph]').waitFor();
    const near = await page.locator('[data-testid=graph-node]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id')).sort());
    assert.deepEqual(near, ['db', 'payments']);
  });

  test('an OTLP JSON file opens without being stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ariadne-upload-'));
    const file = join(dir, 'otlp.json');
    const t0 = BigInt(Date.now()) * 1_000_000n;
    writeFileSync(file, JSON.stringify({
      resourceSpans: [{
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'uploaded-svc' } }] },
        scopeSpans: [{ scope: { name: 'file' }, spans: [
          { traceId: 'feedfacefeedfacefeedfacefeedface', spanId: '1111111111111111', name: 'from-file', kind: 2, startTimeUnixNano: String(t0), endTimeUnixNano: String(t0 + 9_000_000n) },
          { traceId: 'feedfacefeedfacefeedfacefeedface', spanId: '2222222222222222', parentSpanId: '1111111111111111', name: 'child-from-file', kind: 1, startTimeUnixNano: String(t0 + 1_000_000n), endTimeUnixNano: String(t0 + 5_000_000n) },
        ] }],
      }],
    }));
    await page.goto(`${host.url}/search`);
    await page.locator('[data-testid=upload-tab]').click();
    await page.locator('[data-testid=upload-input]').setInputFiles(file);
    await page.locator('[data-testid=trace-item]').first().waitFor();
    assert.match(await page.locator('[data-testid=result-count]').innerText(), /1 trace from files/);
    await shot('upload');
    await page.locator('[data-testid=trace-item] a.trace-item-title').click();
    await page.locator('[data-testid=span-row]').nth(1).waitFor();
    assert.match(await page.locator('[data-testid=trace-name]').innerText(), /uploaded-svc: from-file/);
    const stored = await fetch(`${server.queryUrl}/api/traces/feedfacefeedfacefeedfacefeedface`);
    assert.equal(stored.status, 404, 'the uploaded trace was not sent to the server');
  });

  test('API errors show the server message; unknown pages say what to do; dark theme', async () => {
    await page.goto(`${host.url}/trace/not-a-trace-id`);
    await page.locator('[data-testid=error]').waitFor();
    assert.match(await page.locator('[data-testid=error]').innerText(), /HTTP 400: .*not a trace ID/);
    await page.goto(`${host.url}/trace/${traceB}`);
    await page.locator('[data-testid=span-row]').nth(6).waitFor();
    await detailsLoaded();
    await page.locator('[data-testid=theme-toggle]').click();
    assert.equal(await page.evaluate('document.documentElement.dataset.theme'), 'dark');
    await page.locator('[data-testid=span-row]').nth(3).click();
    await shot('trace-dark');
    await page.locator('[data-testid=theme-toggle]').click();
    assert.deepEqual(pageErrors, []);
  });
});
