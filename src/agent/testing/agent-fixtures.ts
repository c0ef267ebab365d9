/**
 * Test fixtures for the agent: span batches, a port nothing listens on, a peer that accepts TCP connections and
 * never answers (a hung collector), and reading a counter back from a registry.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Registry } from 'prom-client';
import { attr, type Span, type TraceBatch } from '../../model/index.js';

/** `count` spans of `service` in one resource; ids are unique per `seed`. */
export function makeBatch(service: string, count: number, seed: number, resourceAttrs: Record<string, string> = {}): TraceBatch {
  const spans: Span[] = [];
  for (let i = 0; i < count; i++) {
    spans.push({
      traceId: (seed * 1_000_003 + i).toString(16).padStart(32, '0'),
      spanId: (seed * 100_000 + i + 1).toString(16).padStart(16, '0'),
      parentSpanId: '',
      traceState: '',
      flags: 1,
      name: `op-${i % 7}`,
      kind: 2,
      startTimeUnixNano: 1_700_000_000_000_000_000n + BigInt(i) * 1000n,
      endTimeUnixNano: 1_700_000_000_000_500_000n + BigInt(i) * 1000n,
      attributes: [attr('i', i), attr('payload', 'x'.repeat(40))],
      droppedAttributesCount: 0,
      events: [],
      droppedEventsCount: 0,
      links: [],
      droppedLinksCount: 0,
      status: { code: 0, message: '' },
    });
  }
  const attributes = [attr('service.name', service), ...Object.entries(resourceAttrs).map(([k, v]) => attr(k, v))];
  return {
    resourceSpans: [
      {
        resource: { attributes, droppedAttributesCount: 0 },
        scopeSpans: [{ scope: { name: 'fixture', version: '1', attributes: [], droppedAttributesCount: 0 }, spans, schemaUrl: '' }],
        schemaUrl: '',
      },
    ],
  };
}

/** A TCP port that was free a moment ago (nothing listens on it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A TCP server that accepts connections and never sends a byte: calls to it can only end by their deadline. */
export async function startSilentPeer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const a = server.address();
  return {
    port: typeof a === 'object' && a !== null ? a.port : 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Sum of a metric's values whose labels include `labels`. 0 when absent. */
export async function metricValue(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) return 0;
  const data = await metric.get();
  let sum = 0;
  for (const v of data.values) {
    const l = v.labels as Record<string, unknown>;
    if (Object.entries(labels).every(([k, x]) => String(l[k]) === x)) sum += v.value;
  }
  return sum;
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
