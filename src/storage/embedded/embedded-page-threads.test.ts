/**
 * The embedded store with page threads: requests taken as OTLP/protobuf bytes and decoded batches that still carry
 * their received bytes are encoded into pages on worker threads; what readers get back is what was written, whichever
 * way each batch took, before and after a restart.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { decodeOtlpProtobuf, encodeOtlpProtobuf } from '../../translate/otlp/index.js';
import { assertSameSpans, collect, makeQuery, traceIdsOf } from '../conformance/index.js';
import { createEmbeddedStore } from './index.js';
import { testTraceId, testTraces } from './test-traces.js';

const root = mkdtempSync(join(tmpdir(), 'ariadne-embedded-threads-'));
after(() => rmSync(root, { recursive: true, force: true }));

function decoded(bytes: Uint8Array) {
  const r = decodeOtlpProtobuf(bytes);
  if (!r.ok) throw new Error(r.error);
  return r.batch;
}

for (const nativePages of [true, false]) describe(`embedded store: page threads (${nativePages ? 'native' : 'JavaScript'} encoder)`, () => {
  const dirOf = (name: string): string => join(root, `${name}-${nativePages}`);
  test('bytes, decoded batches and plain batches read back alike, across a restart', async () => {
    const dataDir = dirOf('a');
    const original = [testTraces(1, 40), testTraces(41, 40), testTraces(81, 40)];
    const registry = new Registry();
    let store = await createEmbeddedStore({ dataDir, fsyncIntervalMs: 0, pageThreads: 2, nativePages, registry });
    try {
      const prepared = store.writer.prepared!;
      const ready = prepared.prepareOtlpProtobuf!(encodeOtlpProtobuf(original[0]!));
      assert.ok(ready !== undefined, 'a well-formed request is taken as bytes');
      assert.equal(ready.spanCount, 160);
      assert.deepEqual(await store.reader.getServices(), [], 'taking bytes alone shows readers nothing');
      // One write of three parts: taken as bytes, decoded with its bytes, and built in code (no bytes).
      const merged = prepared.mergePrepared([ready.prepare(), prepared.prepare(decoded(encodeOtlpProtobuf(original[1]!))), prepared.prepare(original[2]!)]);
      await prepared.writePrepared(merged);
      const encoded = (await registry.getSingleMetric('ariadne_storage_embedded_encoded_spans_total')!.get()).values;
      const by = (encoder: string): number | undefined => encoded.find((v) => v.labels.encoder === encoder)?.value;
      assert.deepEqual([by('native'), by('javascript')], nativePages ? [320, 160] : [0, 480], 'spans encoded, by encoder');

      const check = async (when: string): Promise<void> => {
        for (const n of [1, 40, 41, 77, 81, 120]) {
          const traces = await collect(store.reader.getTraces([{ traceId: testTraceId(n) }]));
          const batch = original[Math.floor((n - 1) / 40)]!;
          const want = { resourceSpans: batch.resourceSpans.map((rs) => ({ ...rs, scopeSpans: rs.scopeSpans.map((ss) => ({ ...ss, spans: ss.spans.filter((s) => s.traceId === testTraceId(n)) })) })) };
          assertSameSpans(traces, [want], `${when}: trace ${n}`);
        }
        assert.deepEqual((await store.reader.getServices()).sort(), ['api', 'frontend'], when);
        const failed = await store.reader.findTraceIds(
          makeQuery({ serviceName: 'api', operationName: 'handle', attributes: [{ key: 'http.status_code', value: '500' }] }),
        );
        assert.deepEqual(failed.map((f) => f.traceId).sort(), Array.from({ length: 12 }, (_, i) => testTraceId(10 * (i + 1))).sort(), when);
        const links = await store.dependencies.getDependencies({ startTimeUnixNano: 0n, endTimeUnixNano: 2n ** 63n });
        assert.deepEqual(links.map((l) => [l.parent, l.child, l.callCount]), [['frontend', 'api', 120]], when);
      };
      await check('after the write');
      await store.close();
      store = await createEmbeddedStore({ dataDir, fsyncIntervalMs: 0, pageThreads: 2, nativePages });
      await check('after a restart');
      assert.equal(traceIdsOf(await collect(store.reader.getTraces([{ traceId: testTraceId(5) }]))).length, 1);
    } finally {
      await store.close();
    }
  });

  test('a prepared request written twice stores its spans twice (a retry after a failed append)', async () => {
    const store = await createEmbeddedStore({ dataDir: dirOf('b'), fsyncIntervalMs: 0, pageThreads: 2, nativePages });
    try {
      const prepared = store.writer.prepared!;
      const p = prepared.prepareOtlpProtobuf!(encodeOtlpProtobuf(testTraces(1, 10)))!.prepare();
      await prepared.writePrepared(p);
      await prepared.writePrepared(p);
      const [trace] = await collect(store.reader.getTraces([{ traceId: testTraceId(3) }]));
      assert.equal(trace!.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)).length, 8);
    } finally {
      await store.close();
    }
  });

  test(`with one thread, requests are ${nativePages ? 'taken as bytes' : 'left to the decoder'}; malformed ones always go to the decoder`, async () => {
    const one = await createEmbeddedStore({ dataDir: dirOf('c'), fsyncIntervalMs: 0, pageThreads: 1, nativePages });
    const two = await createEmbeddedStore({ dataDir: dirOf('d'), fsyncIntervalMs: 0, pageThreads: 2, nativePages });
    try {
      const taken = one.writer.prepared!.prepareOtlpProtobuf!(encodeOtlpProtobuf(testTraces(1, 2)));
      assert.equal(taken !== undefined, nativePages);
      if (taken !== undefined) {
        await one.writer.prepared!.writePrepared(taken.prepare());
        assert.equal(traceIdsOf(await collect(one.reader.getTraces([{ traceId: testTraceId(2) }]))).length, 1);
      }
      assert.equal(two.writer.prepared!.prepareOtlpProtobuf!(Buffer.from([0x0a, 0x05, 0x01])), undefined);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
