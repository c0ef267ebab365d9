/**
 * Measures the trace page in the browser for a (large) trace: from the API response's arrival to the first painted
 * timeline, rows in the DOM (virtualisation), click-to-detail, scrolling frame times and collapse/expand all. The
 * page code runs as strings because this file is compiled without the DOM library.
 */
import type { Page } from 'playwright-core';

export interface TracePageTiming {
  spans: number;
  /** Where the response → paint time goes. */
  phasesMs: Record<string, number>;
  /** API response received → first timeline painted (parse, model, critical path, self time, render). */
  responseToPaintMs: number;
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

export async function measureTracePage(page: Page, baseUrl: string, traceId: string, spans: number): Promise<TracePageTiming> {
  await page.goto(`${baseUrl}/trace/${traceId}`);
  await page.locator('[data-testid=span-row]').first().waitFor({ timeout: 60_000 });
  const paintedAt = (await page.evaluate(NEXT_PAINT)) as number;
  const responseAt = (await page.evaluate(
    `performance.getEntriesByName('ariadne:response').filter((m) => String(m.detail).startsWith('/api/traces/')).map((m) => m.startTime).pop() ?? 0`,
  )) as number;
  const phases = (await page.evaluate(`(() => {
    const last = (n) => performance.getEntriesByName(n).map((m) => m.startTime).pop() ?? 0;
    return { response: last('ariadne:response'), parsed: last('ariadne:parsed'), built: last('ariadne:model-built'), analysed: last('ariadne:analysed'), ready: last('ariadne:timeline-ready') };
  })()`)) as Record<string, number>;
  const domRows = await page.locator('[data-testid=span-row]').count();
  const clickToDetailMs = (await page.evaluate(`(async () => {
    const row = document.querySelectorAll('[data-testid=span-row]')[5];
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
      parse: phases['parsed']! - phases['response']!,
      buildModel: phases['built']! - phases['parsed']!,
      criticalPathAndSelfTime: phases['analysed']! - phases['built']!,
      renderToEffects: phases['ready']! - phases['analysed']!,
      effectsToPaint: paintedAt - phases['ready']!,
    },
    responseToPaintMs: paintedAt - responseAt,
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
