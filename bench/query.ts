/**
 * `npm run bench:query -- [--spans N] [--data-dir DIR] [--keep]`: query latency of the embedded store, in process.
 *
 * Loads N realistic spans (default 2,000,000; bench/otlp-payload.ts shapes: 8 spans per trace, 10 attributes and an
 * event per span) spread over the last hour, from 20 services with 20 operations each, in batches of 8192 from two
 * writers (durable writes, as the pipeline does). If DIR already holds a store from an earlier `--keep` run with as
 * many spans, loading is skipped. Then it measures:
 * - restart: close and reopen the store until it serves a query;
 * - trace by id: 1,000 random stored traces;
 * - search: service + operation + tag (http.status_code=500) + min duration, limit 20, over the last 2 hours; and a
 *   rare tag (one user id) with only a service;
 * - services and operations listings;
 * - bytes on disk per span and peak RSS.
 * Run under `nice -n 10` on a shared machine.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attr, type TraceBatch } from '../src/model/index.js';
import type { StorageBackend, TraceQuery } from '../src/storage/api/index.js';
import { createEmbeddedStore } from '../src/storage/embedded/index.js';
import { createRealisticOtlpRequest } from './otlp-payload.js';

const BATCH = 8192;
const SERVICES = 20;

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const total = Number(flag('spans', '2000000'));
const keep = process.argv.includes('--keep');
const dataDir = flag('data-dir', '') || mkdtempSync(join(tmpdir(), 'ariadne-bench-query-'));
let peakRss = 0;
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

function pct(sorted: number[], p: number): string {
  return (sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0).toFixed(2);
}

async function timed(n: number, run: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await run(i);
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out.sort((a, b) => a - b);
}

async function count(iter: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const _ of iter) n++;
  return n;
}

/** Reused batches restamped with fresh trace ids, one service and times moved to `endNs`. */
class Load {
  private readonly batches = Array.from({ length: 8 }, (_, i) => createRealisticOtlpRequest(BATCH, i + 1));
  private readonly baseStart = this.batches.map((b) => b.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.startTimeUnixNano);
  private counter = 0;
  private traces = 0;
  readonly sampleIds: string[] = [];
  readonly userIds: string[] = [];

  next(slot: number, endNs: bigint): TraceBatch {
    const batch = this.batches[slot]!;
    const rs = batch.resourceSpans[0]!;
    const n = this.counter++;
    rs.resource.attributes[0] = attr('service.name', `service-${n % SERVICES}`);
    const stamp = n.toString(16).padStart(8, '0');
    const spans = rs.scopeSpans[0]!.spans;
    const shift = endNs - BigInt(BATCH) * 1_000_000n - this.baseStart[slot]!;
    let last = '';
    let fresh = '';
    for (const s of spans) {
      if (s.traceId !== last) {
        last = s.traceId;
        fresh = stamp + s.traceId.slice(8);
        if (this.traces++ % 53 === 0 && this.sampleIds.length < 20_000) this.sampleIds.push(fresh);
      }
      s.traceId = fresh;
      s.startTimeUnixNano += shift;
      s.endTimeUnixNano += shift;
      for (const e of s.events) e.timeUnixNano += shift;
    }
    const user = spans[n % spans.length]!.attributes.find((a) => a.key === 'user.id');
    if (user !== undefined && user.value.type === 'string' && this.userIds.length < 1000) this.userIds.push(user.value.value);
    // Where this batch object starts now, for the next shift.
    this.baseStart[slot] = spans[0]!.startTimeUnixNano;
    return batch;
  }
}

async function load(store: StorageBackend): Promise<Load> {
  const source = new Load();
  const batches = Math.ceil(total / BATCH);
  const hourNs = 3600n * 1_000_000_000n;
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  let issued = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    [0, 1].map(async (w) => {
      for (let k = 0; issued < batches; k++) {
        const i = issued++;
        const endNs = nowNs - hourNs + (hourNs * BigInt(i + 1)) / BigInt(batches);
        await store.writer.writeTraces(source.next(w + 2 * (k % 4), endNs));
        if (i % 100 === 0) process.stdout.write(`\rloaded ${(i * BATCH).toLocaleString('en-US')} spans`);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`\rloaded ${(batches * BATCH).toLocaleString('en-US')} spans in ${seconds.toFixed(1)} s: ${Math.round((batches * BATCH) / seconds).toLocaleString('en-US')} spans/s durable`);
  return source;
}

function search(partial: Partial<TraceQuery>): TraceQuery {
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  return {
    serviceName: '',
    operationName: '',
    attributes: [],
    startTimeMin: nowNs - 2n * 3600n * 1_000_000_000n,
    startTimeMax: nowNs,
    durationMin: undefined,
    durationMax: undefined,
    searchDepth: 20,
    ...partial,
  };
}

let store = await createEmbeddedStore({ dataDir });
const existing = (await store.reader.getServices()).length > 0;
let source: Load | undefined;
if (!existing) source = await load(store);
else console.log(`reusing the store in ${dataDir}`);
const rssAfterLoad = peakRss;
await store.close();

const t0 = process.hrtime.bigint();
store = await createEmbeddedStore({ dataDir });
await store.reader.getServices();
const restartMs = Number(process.hrtime.bigint() - t0) / 1e6;

// Trace ids to fetch: sampled while loading, or found by searching a reused store.
let ids = source?.sampleIds ?? [];
if (ids.length === 0) ids = (await store.reader.findTraceIds(search({ searchDepth: 2000 }))).map((f) => f.traceId);
// Warm up (JIT) before timing: the restart figure above already includes the first, cold query.
await timed(200, (i) => count(store.reader.getTraces([{ traceId: ids[(i * 104_729) % ids.length]! }])));
const byId = await timed(1000, (i) => count(store.reader.getTraces([{ traceId: ids[(i * 7919) % ids.length]! }])));
const ops = ['GET /api/orders', 'POST /api/cart/checkout', 'PUT /api/users/:id', 'DELETE /api/orders/:id/items'];
const found: number[] = [];
const searchMs = await timed(200, async (i) => {
  const n = await count(
    store.reader.findTraces(
      search({
        serviceName: `service-${i % SERVICES}`,
        operationName: ops[i % ops.length]!,
        attributes: [{ key: 'http.status_code', value: '500' }],
        durationMin: 10_000_000n,
      }),
    ),
  );
  found.push(n);
});
const users = source?.userIds ?? ['user-424242'];
const rareMs = await timed(50, (i) => store.reader.findTraceIds(search({ serviceName: `service-${i % SERVICES}`, attributes: [{ key: 'user.id', value: users[i % users.length]! }] })));
const servicesMs = await timed(200, () => store.reader.getServices());
const operationsMs = await timed(200, (i) => store.reader.getOperations({ serviceName: `service-${i % SERVICES}`, spanKind: undefined }));
const depsMs = await timed(20, () => store.dependencies.getDependencies({ startTimeUnixNano: 0n, endTimeUnixNano: BigInt(Date.now()) * 1_000_000n }));
await store.close();
clearInterval(rssTimer);

const diskBytes = dirBytes(dataDir);
console.log(`store: ${total.toLocaleString('en-US')} spans, ${(diskBytes / 2 ** 20).toFixed(0)} MiB on disk = ${(diskBytes / total).toFixed(1)} B/span`);
console.log(`restart (open until it serves a query): ${restartMs.toFixed(0)} ms`);
console.log(`trace by id:                  p50 ${pct(byId, 50)} ms  p99 ${pct(byId, 99)} ms`);
console.log(`search svc+op+tag+duration/20: p50 ${pct(searchMs, 50)} ms  p99 ${pct(searchMs, 99)} ms  (traces found per query: median ${found.sort((a, b) => a - b)[found.length >> 1]})`);
console.log(`search svc+rare tag/20:        p50 ${pct(rareMs, 50)} ms  p99 ${pct(rareMs, 99)} ms`);
console.log(`services:                     p50 ${pct(servicesMs, 50)} ms  p99 ${pct(servicesMs, 99)} ms`);
console.log(`operations:                   p50 ${pct(operationsMs, 50)} ms  p99 ${pct(operationsMs, 99)} ms`);
console.log(`dependencies (all time):      p50 ${pct(depsMs, 50)} ms  p99 ${pct(depsMs, 99)} ms`);
console.log(`peak RSS: ${Math.round(rssAfterLoad / 2 ** 20)} MiB while loading, ${Math.round(peakRss / 2 ** 20)} MiB overall`);
if (!keep) rmSync(dataDir, { recursive: true, force: true });
