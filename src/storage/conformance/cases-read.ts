/** Services, operations and fetching traces by id. */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { attr, SpanKind, type TraceBatch } from '../../model/index.js';
import { makeQuery, storageCase, type SuiteContext } from './conformance-case.js';
import { assertSameSpans, collect, traceIdsOf } from './trace-compare.js';
import { makeBatch, makeSpan, nsMinutesAgo, spanIdOf, traceIdOf } from './trace-factory.js';

const TAG = 0xa1;

/** Three services; service-1 has operations of every kind, one name under two kinds. */
function servicesBatch(): TraceBatch {
  const start = nsMinutesAgo(30);
  const t = traceIdOf(TAG, 1);
  const span = (n: number, name: string, kind: SpanKind) =>
    makeSpan({ traceId: t, spanId: spanIdOf(n), name, kind, start: start + BigInt(n) * 1000n });
  return makeBatch([
    {
      service: 'conformance-service-1',
      spans: [
        span(0, 'operation-1', SpanKind.UNSPECIFIED),
        span(1, 'operation-2', SpanKind.INTERNAL),
        span(2, 'operation-3', SpanKind.SERVER),
        span(3, 'operation-4', SpanKind.CLIENT),
        span(4, 'operation-5', SpanKind.PRODUCER),
        span(5, 'operation-5', SpanKind.CONSUMER),
        span(6, 'operation-3', SpanKind.SERVER),
      ],
    },
    { service: 'conformance-service-2', spans: [span(7, 'operation-1', SpanKind.SERVER)] },
    { service: 'conformance-service-3', spans: [span(8, 'operation-9', SpanKind.CLIENT)] },
  ]);
}

function threeTraces(): TraceBatch[] {
  const start = nsMinutesAgo(20);
  return [1, 2, 3].map((n) => {
    const t = traceIdOf(TAG, 100 + n);
    const root = makeSpan({ traceId: t, spanId: spanIdOf(0), name: 'GET /', kind: SpanKind.SERVER, start, attributes: [attr('n', n)] });
    const child = makeSpan({ traceId: t, spanId: spanIdOf(1), parentSpanId: spanIdOf(0), name: 'query', kind: SpanKind.CLIENT, start: start + 10n });
    return makeBatch([
      { service: 'frontend', spans: [root] },
      { service: 'db-client', resourceAttributes: [attr('host.name', `h${n}`)], spans: [child] },
    ]);
  });
}

export function registerReadCases(ctx: SuiteContext): void {
  describe('lifecycle', () => {
    storageCase(ctx, 'a fresh backend is ready, empty, states its durability, and closes idempotently', async (backend) => {
      await backend.checkReady();
      assert.ok(backend.name.length > 0);
      assert.ok(backend.capabilities().durability.length > 0, 'capabilities().durability says when a write is durable');
      assert.deepEqual(await backend.reader.getServices(), []);
      assert.deepEqual(await backend.reader.findTraceIds(makeQuery({})), []);
      await backend.close();
      await backend.close();
    });
  });

  describe('services and operations', () => {
    storageCase(ctx, 'getServices lists every service', async (backend) => {
      await backend.writer.writeTraces(servicesBatch());
      const services = await backend.reader.getServices();
      assert.deepEqual([...services].sort(), ['conformance-service-1', 'conformance-service-2', 'conformance-service-3']);
    });

    storageCase(ctx, 'getOperations returns names with span kinds, filtered by kind', async (backend) => {
      await backend.writer.writeTraces(servicesBatch());
      const ops = async (spanKind: Parameters<typeof backend.reader.getOperations>[0]['spanKind']) =>
        (await backend.reader.getOperations({ serviceName: 'conformance-service-1', spanKind }))
          .map((o) => `${o.name}/${o.spanKind}`)
          .sort();
      assert.deepEqual(await ops(undefined), [
        'operation-1/',
        'operation-2/internal',
        'operation-3/server',
        'operation-4/client',
        'operation-5/consumer',
        'operation-5/producer',
      ]);
      assert.deepEqual(await ops('server'), ['operation-3/server']);
      assert.deepEqual(await ops('producer'), ['operation-5/producer']);
      assert.deepEqual(await ops(''), ['operation-1/']);
      const other = await backend.reader.getOperations({ serviceName: 'conformance-service-3', spanKind: undefined });
      assert.deepEqual(other, [{ name: 'operation-9', spanKind: 'client' }]);
      assert.deepEqual(await backend.reader.getOperations({ serviceName: 'no-such-service', spanKind: undefined }), []);
    });
  });

  describe('getTraces', () => {
    storageCase(ctx, 'getTraces returns each requested trace whole', async (backend) => {
      const batches = threeTraces();
      for (const b of batches) await backend.writer.writeTraces(b);
      const got = await collect(backend.reader.getTraces([{ traceId: traceIdOf(TAG, 101) }, { traceId: traceIdOf(TAG, 103) }]));
      assert.deepEqual(traceIdsOf(got), [traceIdOf(TAG, 101), traceIdOf(TAG, 103)]);
      assertSameSpans(got, [batches[0]!, batches[2]!]);
    });

    storageCase(ctx, 'getTraces of an unknown id is empty, not an error', async (backend) => {
      assert.deepEqual(await collect(backend.reader.getTraces([{ traceId: traceIdOf(TAG, 999) }])), []);
      const batches = threeTraces();
      await backend.writer.writeTraces(batches[0]!);
      const known = traceIdOf(TAG, 101);
      const got = await collect(
        backend.reader.getTraces([{ traceId: traceIdOf(TAG, 999) }, { traceId: known }, { traceId: known }]),
      );
      assert.deepEqual(traceIdsOf(got), [known], 'unknown ids are skipped and a repeated id is yielded once');
      assertSameSpans(got, [batches[0]!]);
    });

    storageCase(ctx, 'getTraces is not limited by time; hints never exclude spans', async (backend) => {
      const t = traceIdOf(TAG, 200);
      const old = nsMinutesAgo(10 * 24 * 60);
      const recent = nsMinutesAgo(5);
      const batch = makeBatch([
        {
          service: 'timeless',
          spans: [
            makeSpan({ traceId: t, spanId: spanIdOf(0), name: 'old', start: old }),
            makeSpan({ traceId: t, spanId: spanIdOf(1), parentSpanId: spanIdOf(0), name: 'recent', start: recent }),
          ],
        },
      ]);
      await backend.writer.writeTraces(batch);
      assertSameSpans(await collect(backend.reader.getTraces([{ traceId: t }])), [batch]);
      const hinted = await collect(
        backend.reader.getTraces([{ traceId: t, startTimeUnixNano: recent - 1_000_000n, endTimeUnixNano: recent + 10_000_000n }]),
      );
      assertSameSpans(hinted, [batch], 'a time hint narrowing to one span still returns the whole trace');
    });
  });
}
