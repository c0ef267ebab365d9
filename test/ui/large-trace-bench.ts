/**
 * Benchmark: the trace page with 10,000 and 100,000 spans in headless Chromium, served by the real server. Each size
 * is opened `RUNS` times in a fresh page; the best, median and worst runs (by response → painted) are printed (the
 * machine is shared, so the best run is the least disturbed one). Run: `npm run build && node dist/test/ui/large-trace-bench.js [sizes…]`.
 */
import { startServer } from '../e2e/server-process.js';
import { ISOLATED_STORAGE_ARGS, launchBrowser } from './browser.js';
import { makeLargeTrace, sendBatches, waitForSpanCount } from './large-trace.js';
import { measureTracePage, type TracePageTiming } from './measure-trace-page.js';
import { openUiHost } from './ui-host.js';

const RUNS = Number(process.env['RUNS'] ?? 3);
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const server = await startServer({ args: ISOLATED_STORAGE_ARGS });
const host = await openUiHost(server.queryUrl);
const browser = await launchBrowser();
try {
  for (const count of sizes.length > 0 ? sizes : [10_000, 100_000]) {
    const trace = makeLargeTrace(count);
    await sendBatches(server.ports.otlpHttp, trace.batches);
    await waitForSpanCount(server.queryUrl, trace.traceId, count, 120_000);
    const runs: TracePageTiming[] = [];
    for (let r = 0; r < RUNS; r++) {
      const page = await browser.newPage({ viewport: { width: 1360, height: 820 } });
      runs.push(await measureTracePage(page, host.url, trace.traceId, count));
      await page.close();
    }
    runs.sort((a, b) => a.responseToPaintMs - b.responseToPaintMs);
    const round = (t: TracePageTiming) => JSON.parse(JSON.stringify(t, (_k, v) => (typeof v === 'number' ? Math.round(v) : v))) as TracePageTiming;
    console.log(JSON.stringify({ spans: count, best: round(runs[0]!), median: round(runs[Math.floor(runs.length / 2)]!), worst: round(runs[runs.length - 1]!) }));
  }
} finally {
  await browser.close();
  await host.close();
  await server.stop();
}
