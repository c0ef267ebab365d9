/**
 * Large synthetic traces for the UI's scale checks: OTLP/JSON batches of one trace with `count` spans over 20
 * services, a tree with up to 8 children per span, 4 attributes per span, an event on every 10th span and an error on
 * every 97th. Sent in batches so each request stays small.
 */

export interface LargeTrace {
  traceId: string;
  batches: string[];
}

export function makeLargeTrace(count: number, batchSize = 1000): LargeTrace {
  const traceId = `ab${count.toString(16).padStart(30, '0')}`;
  const t0 = BigInt(Date.now() - 60_000) * 1_000_000n;
  const spanId = (i: number) => (i + 1).toString(16).padStart(16, '0');
  // Breadth-first numbering: parent of i is floor((i - 1) / 8); children nest inside their parent's time range.
  const start: number[] = new Array(count);
  const dur: number[] = new Array(count);
  start[0] = 0;
  dur[0] = 10_000_000; // µs: a 10 s trace
  for (let i = 1; i < count; i++) {
    const p = Math.floor((i - 1) / 8);
    const slot = (i - 1) % 8;
    start[i] = start[p]! + Math.floor((dur[p]! / 8) * slot) + 1;
    dur[i] = Math.max(1, Math.floor(dur[p]! / 9));
  }
  const batches: string[] = [];
  for (let b = 0; b < count; b += batchSize) {
    const byService = new Map<number, unknown[]>();
    for (let i = b; i < Math.min(count, b + batchSize); i++) {
      const svc = i % 20;
      const s = t0 + BigInt(start[i]!) * 1000n;
      const span: Record<string, unknown> = {
        traceId,
        spanId: spanId(i),
        name: `operation-${i % 50}`,
        kind: i === 0 ? 2 : (i % 3) + 1,
        startTimeUnixNano: String(s),
        endTimeUnixNano: String(s + BigInt(dur[i]!) * 1000n),
        attributes: [
          { key: 'http.method', value: { stringValue: 'GET' } },
          { key: 'http.status_code', value: { intValue: String(i % 97 === 0 ? 500 : 200) } },
          { key: 'span.index', value: { intValue: String(i) } },
          { key: 'component', value: { stringValue: `component-${i % 7}` } },
        ],
        events: i % 10 === 0 ? [{ timeUnixNano: String(s + 1000n), name: 'checkpoint', attributes: [] }] : [],
        status: i % 97 === 0 ? { code: 2, message: 'failed' } : {},
      };
      if (i > 0) span['parentSpanId'] = spanId(Math.floor((i - 1) / 8));
      const list = byService.get(svc) ?? [];
      list.push(span);
      byService.set(svc, list);
    }
    batches.push(JSON.stringify({
      resourceSpans: [...byService.entries()].map(([svc, spans]) => ({
        resource: { attributes: [{ key: 'service.name', value: { stringValue: `service-${svc}` } }] },
        scopeSpans: [{ scope: { name: 'large' }, spans }],
      })),
    }));
  }
  return { traceId, batches };
}

export async function sendBatches(otlpHttpPort: number, batches: readonly string[]): Promise<void> {
  for (const body of batches) {
    const res = await fetch(`http://127.0.0.1:${otlpHttpPort}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    if (res.status !== 200) throw new Error(`OTLP export answered ${res.status}: ${await res.text()}`);
  }
}

/** Waits until the API returns the trace with `count` spans; polls slowly (each answer is large). */
export async function waitForSpanCount(queryUrl: string, traceId: string, count: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`${queryUrl}/api/traces/${traceId}`);
    if (res.status === 200) {
      const body = (await res.json()) as { data: Array<{ spans: unknown[] }> };
      if ((body.data[0]?.spans.length ?? 0) >= count) return;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`trace ${traceId} did not reach ${count} spans`);
}
