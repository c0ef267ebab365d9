/**
 * Measures the trace page in the browser for a (large) trace: from the trace request and from the API response's
 * arrival to the first painted timeline rows and to "interactive" (a click on a row, sent the moment the rows are
 * painted, answered with its detail panel painted), rows in the DOM (virtualisation), click-to-detail, scrolling frame
 * times and collapse/expand all. A script installed before the page loads watches for the first rows, so no
 * round trip to the test process sits inside a figure. The page code runs as strings because this file is compiled
 * without the DOM library.
 */
import type { Page } from 'playwright-core';

export interface TracePageTiming {
  spans: number;
  /** Where the response → paint time goes. */
  phasesMs: Record<string, number>;
  /** API response received → first timeline painted (header line, model, critical path, self time, render). */
  responseToPaintMs: number;
  /** API response received → the last byte of the spans' details received (they stream in after the timeline data). */
  responseToDetailsMs: number;
  /** API response received → a click on a row sent at first paint has its detail painted. */
  responseToInteractiveMs: number;
  /** Trace request sent → first timeline painted. */
  requestToPaintMs: number;
  /** Trace request sent → a click on a row sent at first paint has its detail painted. */
  requestToInteractiveMs: number;
  /** Navigation start → first timeline painted (includes the server answering). */
  navigationToPaintMs: number;
  domRows: number;
  clickToDetailMs: number;
  scrollFrames: number;
  scrollMeanFrameMs: number;
  scrollMaxFrameMs: number;
  collapseAllMs: number;
  expandAllMs: number;
}

const NEXT_PAINT = 'new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0)))';

/** Runs in the page before its scripts: at the first painted rows, clicks the sixth row and waits for its detail. */
const WATCH_FIRST_PAINT = `(() => {
  const nextPaint = () => ${NEXT_PAINT};
  const found = new Promise((resolve) => {
    const check = () => { if (document.querySelector('[data-testid=span-row]')) { observer.disconnect(); resolve(); } };
    const observer = new MutationObserver(check);
    document.addEventListener('DOMContentLoaded', () => { observer.observe(document.body, { childList: true, subtree: true }); check(); });
  });
  window.__ariadneFirstPaint = found.then(async () => {
    const painted = await nextPaint();
    const rows = document.querySelectorAll('[data-testid=span-row]');
    rows[Math.min(5, rows.length - 1)].click();
    while (!document.querySelector('[data-testid=span-detail]')) await nextPaint();
    return { painted, interactive: await nextPaint() };
  });
})()`;

export async function measureTracePage(page: Page, baseUrl: string, traceId: string, spans: number): Promise<TracePageTiming> {
  await page.addInitScript(WATCH_FIRST_PAINT);
  await page.goto(`${baseUrl}/trace/${traceId}`);
  const first = (await page.evaluate('window.__ariadneFirstPaint')) as { painted: number; interactive: number };
  const paintedAt = first.painted;
  // The spans' details stream in after the first paint; the steps below run once they are all in.
  await page.waitForFunction(`performance.getEntriesByName('ariadne:received').length > 0`, null, { timeout: 60_000 });
  const phases = (await page.evaluate(`(() => {
    const last = (n) => performance.getEntriesByName(n).filter((m) => m.detail === null || typeof m.detail !== 'string' || m.detail.startsWith('/api/ui/traces/')).map((m) => m.startTime).pop() ?? 0;
    return { request: last('ariadne:request'), response: last('ariadne:response'), header: last('ariadne:header'), received: last('ariadne:received'), built: last('ariadne:model-built'), analysed: last('ariadne:analysed'), ready: last('ariadne:timeline-ready') };
  })()`)) as Record<string, number>;
  const responseAt = phases['response']!;
  const domRows = await page.locator('[data-testid=span-row]').count();
  const clickToDetailMs = (await page.evaluate(`(async () => {
    const row = document.querySelectorAll('[data-testid=span-row]')[7];
    const t = performance.now();
    row.click();
    const end = await ${NEXT_PAINT};
    if (!document.querySelector('[data-testid=span-detail]')) throw new Error('no detail panel');
    return end - t;
  })()`)) as number;
  const scroll = (await page.evaluate(`(async () => {
    const el = document.querySelector('[data-testid=waterfall]');
    const step = Math.max(400, Math.floor(el.scrollHeight / 120));
    const times = [];
    let last = performance.now();
    for (let i = 0; i < 120; i++) {
      el.scrollTop += step;
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      times.push(now - last);
      last = now;
    }
    return { frames: times.length, mean: times.reduce((a, b) => a + b, 0) / times.length, max: Math.max(...times) };
  })()`)) as { frames: number; mean: number; max: number };
  const clickTimed = async (testId: string) =>
    (await page.evaluate(`(async () => {
      const t = performance.now();
      document.querySelector('[data-testid=${testId}]').click();
      return (await ${NEXT_PAINT}) - t;
    })()`)) as number;
  const collapseAllMs = await clickTimed('collapse-all');
  const expandAllMs = await clickTimed('expand-all');
  return {
    spans,
    phasesMs: {
      headerLine: phases['header']! - phases['response']!,
      buildModel: phases['built']! - phases['header']!,
      criticalPathAndSelfTime: phases['analysed']! - phases['built']!,
      renderToEffects: phases['ready']! - phases['analysed']!,
      effectsToPaint: paintedAt - phases['ready']!,
    },
    responseToPaintMs: paintedAt - responseAt,
    responseToDetailsMs: phases['received']! - responseAt,
    responseToInteractiveMs: first.interactive - responseAt,
    requestToPaintMs: paintedAt - phases['request']!,
    requestToInteractiveMs: first.interactive - phases['request']!,
    navigationToPaintMs: paintedAt,
    domRows,
    clickToDetailMs,
    scrollFrames: scroll.frames,
    scrollMeanFrameMs: scroll.mean,
    scrollMaxFrameMs: scroll.max,
    collapseAllMs,
    expandAllMs,
  };
}
