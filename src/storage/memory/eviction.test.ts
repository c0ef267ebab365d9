import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { attr } from '../../model/index.js';
import { assertSameSpans, collect, makeBatch, makeQuery, makeSpan, nsMinutesAgo, spanIdOf, traceIdOf, traceIdsOf } from '../conformance/index.js';
import { createMemoryStore } from './index.js';

const TAG = 0xe1;
const BASE = nsMinutesAgo(60);

function traceBatch(n: number, spans = 2, service = 'evict') {
  const t = traceIdOf(TAG, n);
  const start = BASE + BigInt(n) * 1_000_000n;
  return makeBatch([
    {
      service,
      resourceAttributes: [attr('instance', n % 3)],
      spans: Array.from({ length: spans }, (_, i) =>
        makeSpan({ traceId: t, spanId: spanIdOf(i), parentSpanId: i === 0 ? '' : spanIdOf(0), name: `op-${n}`, start: start + BigInt(i) }),
      ),
    },
  ]);
}

async function storedIds(store: ReturnType<typeof createMemoryStore>): Promise<string[]> {
  return traceIdsOf(await collect(store.reader.findTraces(makeQuery({ serviceName: 'evict', searchDepth: 1000 }))));
}

async function metricValue(registry: Registry, name: string): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const value = metric?.values.find((v) => v.labels['backend'] === 'memory')?.value;
  assert.ok(value !== undefined, `${name}{backend="memory"} is exported`);
  return value;
}

describe('memory store eviction', () => {
  test('evicts the trace first seen longest ago, and counts it', async () => {
    const registry = new Registry();
    const store = createMemoryStore({ maxTraces: 3, registry });
    for (let n = 1; n <= 3; n++) await store.writer.writeTraces(traceBatch(n));
    // More spans for trace 1 do not make it younger: eviction is by first sight, not by last write.
    await store.writer.writeTraces(traceBatch(1, 3));
    await store.writer.writeTraces(traceBatch(4));
    assert.deepEqual(await storedIds(store), [2, 3, 4].map((n) => traceIdOf(TAG, n)));
    assert.deepEqual(await collect(store.reader.getTraces([{ traceId: traceIdOf(TAG, 1) }])), []);
    await store.writer.writeTraces(traceBatch(5));
    assert.deepEqual(await storedIds(store), [3, 4, 5].map((n) => traceIdOf(TAG, n)));
    assert.equal(await metricValue(registry, 'ariadne_storage_evicted_traces_total'), 2);
    assert.equal(await metricValue(registry, 'ariadne_storage_traces'), 3);
    assert.equal(await metricValue(registry, 'ariadne_storage_spans'), 6);
    // Services and operations outlive their traces, as in Jaeger.
    const ops = await store.reader.getOperations({ serviceName: 'evict', spanKind: undefined });
    assert.ok(ops.some((o) => o.name === 'op-1'));
    await store.close();
  });

  test('a batch with more new traces than the ring keeps the newest, whole', async () => {
    const store = createMemoryStore({ maxTraces: 2 });
    const batches = [1, 2, 3, 4, 5].map((n) => traceBatch(n, 3));
    await store.writer.writeTraces({ resourceSpans: batches.flatMap((b) => b.resourceSpans) });
    assert.deepEqual(await storedIds(store), [4, 5].map((n) => traceIdOf(TAG, n)));
    assertSameSpans(await collect(store.reader.getTraces([{ traceId: traceIdOf(TAG, 4) }, { traceId: traceIdOf(TAG, 5) }])), batches.slice(3));
    await store.close();
  });

  test('shared resources survive the eviction of some of their traces and go with the last', async () => {
    const store = createMemoryStore({ maxTraces: 4 });
    for (let n = 1; n <= 40; n++) {
      const batch = traceBatch(n, 1 + (n % 4));
      await store.writer.writeTraces(batch);
      assertSameSpans(await collect(store.reader.getTraces([{ traceId: traceIdOf(TAG, n) }])), [batch]);
    }
    const kept = [37, 38, 39, 40];
    assert.deepEqual(await storedIds(store), kept.map((n) => traceIdOf(TAG, n)));
    assertSameSpans(
      await collect(store.reader.getTraces(kept.map((n) => ({ traceId: traceIdOf(TAG, n) })))),
      kept.map((n) => traceBatch(n, 1 + (n % 4))),
    );
    await store.close();
  });

  test('a trace being read while writes evict it is skipped, not corrupted', async () => {
    const store = createMemoryStore({ maxTraces: 2 });
    await store.writer.writeTraces(traceBatch(1));
    await store.writer.writeTraces(traceBatch(2));
    const seen: string[] = [];
    for await (const t of store.reader.getTraces([{ traceId: traceIdOf(TAG, 1) }, { traceId: traceIdOf(TAG, 2) }])) {
      seen.push(t.traceId);
      await store.writer.writeTraces(traceBatch(3));
      await store.writer.writeTraces(traceBatch(4));
    }
    assert.deepEqual(seen, [traceIdOf(TAG, 1)]);
    await store.close();
  });

  test('invalid maxTraces is refused with the config key and a fix', () => {
    assert.throws(() => createMemoryStore({ maxTraces: 0 }), /storage\.memory\.max_traces must be a positive integer/);
    assert.throws(() => createMemoryStore({ maxTraces: 1.5 }), /max_traces/);
  });

  test('a closed store refuses reads and writes; close is idempotent', async () => {
    const store = createMemoryStore({ maxTraces: 10 });
    await store.close();
    await store.close();
    await assert.rejects(store.writer.writeTraces(traceBatch(1)), { name: 'StorageError', code: 'storage_closed' });
    await assert.rejects(store.checkReady(), { code: 'storage_closed' });
  });
});
