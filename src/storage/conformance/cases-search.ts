/** Searches: depth, trace ids, time and duration bounds, service and operation, and that all predicates meet on one span. */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { attr, type TraceBatch } from '../../model/index.js';
import type { TraceQuery } from '../api/index.js';
import { foundIds, makeQuery, storageCase, type SuiteContext } from './conformance-case.js';
import { assertSameSpans, collect, spanCountOf, traceIdsOf } from './trace-compare.js';
import { makeBatch, makeSpan, nsMinutesAgo, spanIdOf, traceIdOf } from './trace-factory.js';

const TAG = 0xa3;
const MS = 1_000_000n;

/** Ten traces of three matching spans each, written oldest first, one minute apart. */
function tenTraces(): TraceBatch[] {
  return Array.from({ length: 10 }, (_, i) => {
    const t = traceIdOf(TAG, i + 1);
    const start = nsMinutesAgo(30 - i);
    const spans = [0, 1, 2].map((n) =>
      makeSpan({ traceId: t, spanId: spanIdOf(n), parentSpanId: n === 0 ? '' : spanIdOf(0), name: 'work', start: start + BigInt(n) * MS }),
    );
    return makeBatch([{ service: 'depth', spans }]);
  });
}

/** One trace with two spans (A: op-a, k1=v1, 1 ms; B: op-b, k2=v2, 5 ms) and one with a single span that has it all. */
function conjunctionTraces(): { split: TraceBatch; whole: TraceBatch; start: bigint } {
  const start = nsMinutesAgo(10);
  const split = traceIdOf(TAG, 50);
  const whole = traceIdOf(TAG, 51);
  return {
    start,
    split: makeBatch([
      {
        service: 'conjunction',
        spans: [
          makeSpan({ traceId: split, spanId: spanIdOf(0), name: 'op-a', start, duration: 1n * MS, attributes: [attr('k1', 'v1')] }),
          makeSpan({ traceId: split, spanId: spanIdOf(1), parentSpanId: spanIdOf(0), name: 'op-b', start: start + 60_000n * MS, duration: 5n * MS, attributes: [attr('k2', 'v2')] }),
        ],
      },
    ]),
    whole: makeBatch([
      {
        service: 'conjunction',
        spans: [makeSpan({ traceId: whole, spanId: spanIdOf(0), name: 'op-a', start, duration: 5n * MS, attributes: [attr('k1', 'v1'), attr('k2', 'v2')] })],
      },
    ]),
  };
}

export function registerSearchCases(ctx: SuiteContext): void {
  describe('search', () => {
    storageCase(ctx, 'searchDepth limits traces, not spans, and keeps the most recent', async (backend) => {
      const batches = tenTraces();
      for (const b of batches) await backend.writer.writeTraces(b);
      const query = makeQuery({ serviceName: 'depth', searchDepth: 3 });
      const traces = await collect(backend.reader.findTraces(query));
      assert.deepEqual(traceIdsOf(traces), [8, 9, 10].map((n) => traceIdOf(TAG, n)));
      for (const t of traces) assert.equal(spanCountOf(t), 3, 'found traces are whole');
      assertSameSpans(traces, batches.slice(7));
      const ids = await backend.reader.findTraceIds(query);
      assert.deepEqual(ids.map((f) => f.traceId).sort(), [8, 9, 10].map((n) => traceIdOf(TAG, n)));
      assert.equal((await foundIds(backend, makeQuery({ serviceName: 'depth', searchDepth: 1000 }))).length, 10);
    });

    storageCase(ctx, 'findTraceIds gives a time hint covering the matching spans', async (backend) => {
      const batches = tenTraces();
      for (const b of batches) await backend.writer.writeTraces(b);
      const found = await backend.reader.findTraceIds(makeQuery({ serviceName: 'depth' }));
      assert.equal(found.length, 10);
      for (const f of found) {
        const spans = batches.flatMap((b) => b.resourceSpans[0]!.scopeSpans[0]!.spans).filter((s) => s.traceId === f.traceId);
        for (const s of spans) {
          assert.ok(f.startTimeUnixNano <= s.startTimeUnixNano, `hint start of ${f.traceId} is after a span's start`);
          assert.ok(f.endTimeUnixNano >= s.endTimeUnixNano, `hint end of ${f.traceId} is before a span's end`);
        }
      }
      assert.deepEqual(await backend.reader.findTraceIds(makeQuery({ serviceName: 'no-such-service' })), []);
    });

    storageCase(ctx, 'service and operation name are exact matches; either may be left open', async (backend) => {
      const { split, whole } = conjunctionTraces();
      await backend.writer.writeTraces(split);
      await backend.writer.writeTraces(whole);
      const [s, w] = [traceIdOf(TAG, 50), traceIdOf(TAG, 51)];
      assert.deepEqual(await foundIds(backend, makeQuery({ serviceName: 'conjunction' })), [s, w]);
      assert.deepEqual(await foundIds(backend, makeQuery({ serviceName: 'conjunction', operationName: 'op-b' })), [s]);
      assert.deepEqual(await foundIds(backend, makeQuery({ serviceName: 'conjunction', operationName: 'op' })), []);
      assert.deepEqual(await foundIds(backend, makeQuery({ serviceName: 'conjunctio' })), []);
      if (!backend.capabilities().requiresServiceName) {
        assert.deepEqual(await foundIds(backend, makeQuery({ operationName: 'op-a' })), [s, w]);
        assert.deepEqual(await foundIds(backend, makeQuery({ attributes: [{ key: 'k2', value: 'v2' }] })), [s, w]);
      }
    });

    storageCase(ctx, 'start and duration bounds are inclusive, in nanoseconds', async (backend) => {
      const t = traceIdOf(TAG, 60);
      const start = nsMinutesAgo(8) + 7n;
      const duration = 1_234_567n;
      await backend.writer.writeTraces(
        makeBatch([{ service: 'bounds', spans: [makeSpan({ traceId: t, spanId: spanIdOf(0), name: 'b', start, duration })] }]),
      );
      const q = (p: Partial<TraceQuery>) => foundIds(backend, makeQuery({ serviceName: 'bounds', ...p }));
      assert.deepEqual(await q({ startTimeMin: start, startTimeMax: start }), [t]);
      assert.deepEqual(await q({ startTimeMin: start + 1n }), []);
      assert.deepEqual(await q({ startTimeMax: start - 1n }), []);
      assert.deepEqual(await q({ durationMin: duration, durationMax: duration }), [t]);
      assert.deepEqual(await q({ durationMin: duration + 1n }), []);
      assert.deepEqual(await q({ durationMax: duration - 1n }), []);
      assert.deepEqual(await q({ durationMin: 1n, durationMax: 10_000_000n, startTimeMin: start - 1n, startTimeMax: start + 1n }), [t]);
    });

    storageCase(ctx, 'all predicates must hold on one span', async (backend) => {
      const { split, whole, start } = conjunctionTraces();
      await backend.writer.writeTraces(split);
      await backend.writer.writeTraces(whole);
      const w = traceIdOf(TAG, 51);
      const q = (p: Partial<TraceQuery>) => foundIds(backend, makeQuery({ serviceName: 'conjunction', ...p }));
      const both = [
        { key: 'k1', value: 'v1' },
        { key: 'k2', value: 'v2' },
      ];
      assert.deepEqual(await q({ attributes: both }), [w], 'two attributes on different spans');
      assert.deepEqual(await q({ operationName: 'op-a', attributes: [{ key: 'k2', value: 'v2' }] }), [w], 'operation on one span, attribute on another');
      assert.deepEqual(await q({ durationMin: 4n * MS, attributes: [{ key: 'k1', value: 'v1' }] }), [w], 'duration on one span, attribute on another');
      assert.deepEqual(
        await q({ startTimeMin: start + 30_000n * MS, attributes: [{ key: 'k1', value: 'v1' }] }),
        [],
        'start window on one span, attribute on another',
      );
      assert.deepEqual(await q({ operationName: 'op-b', durationMax: 2n * MS }), [], 'operation on one span, duration on another');
    });

  });
}
