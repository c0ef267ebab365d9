/** Large traces, duplicate span ids, traces assembled from several batches, and exact round-trips of every value. */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import {
  attr,
  bytesValue,
  doubleValue,
  intValue,
  SpanKind,
  StatusCode,
  stringValue,
  type KeyValue,
  type Span,
  type TraceBatch,
} from '../../model/index.js';
import { makeQuery, storageCase, type SuiteContext } from './conformance-case.js';
import { assertSameSpans, collect, spanCountOf, traceIdsOf } from './trace-compare.js';
import { makeBatch, makeEvent, makeLink, makeSpan, nsMinutesAgo, spanIdOf, traceIdOf } from './trace-factory.js';

const TAG = 0xa2;
const LARGE_TRACE_SPANS = 10_000;

function largeTrace(): TraceBatch {
  const t = traceIdOf(TAG, 1);
  const start = nsMinutesAgo(15);
  const services = ['large-a', 'large-b', 'large-c', 'large-d'];
  const groups = services.map((service) => ({ service, spans: [] as Span[] }));
  for (let i = 0; i < LARGE_TRACE_SPANS; i++) {
    groups[i % services.length]!.spans.push(
      makeSpan({
        traceId: t,
        spanId: spanIdOf(i),
        parentSpanId: i === 0 ? '' : spanIdOf(Math.floor((i - 1) / 4)),
        name: `op-${i % 25}`,
        start: start + BigInt(i) * 1000n,
        duration: BigInt(1000 + i),
        attributes: [attr('i', i), attr('path', `/items/${i}`)],
      }),
    );
  }
  return makeBatch(groups);
}

/** 200 spans where every 20th reuses the previous span's id, with different content. */
function duplicateIdTrace(): TraceBatch {
  const t = traceIdOf(TAG, 2);
  const start = nsMinutesAgo(14);
  const spans: Span[] = [];
  for (let i = 0; i < 200; i++) {
    const id = i > 0 && i % 20 === 0 ? spanIdOf(i - 1) : spanIdOf(i);
    spans.push(makeSpan({ traceId: t, spanId: id, name: 'dup', start: start + BigInt(i), attributes: [attr('i', i)] }));
  }
  return makeBatch([{ service: 'duplicates', spans }]);
}

/** Every kind of value, int64 extremes and nanosecond times that a float64 cannot hold. */
function exactValuesBatch(): TraceBatch {
  const t = traceIdOf(TAG, 3);
  const start = nsMinutesAgo(13) + 123_456_789n;
  const values: KeyValue[] = [
    attr('int.max', 9_223_372_036_854_775_807n),
    attr('int.min', -9_223_372_036_854_775_808n),
    attr('int.2^53+1', 9_007_199_254_740_993n),
    attr('int.negative', -42),
    { key: 'double.third', value: doubleValue(1 / 3) },
    { key: 'double.integral', value: doubleValue(3) },
    { key: 'double.negzero', value: doubleValue(-0) },
    { key: 'double.huge', value: doubleValue(1.7976931348623157e308) },
    attr('bool', false),
    attr('utf8', 'grüße, 世界, 🚀'),
    attr('empty.string', ''),
    { key: 'bytes', value: bytesValue(new Uint8Array([0, 1, 2, 254, 255])) },
    { key: 'array', value: { type: 'array', value: [stringValue('a'), intValue(1), { type: 'array', value: [] }] } },
    { key: 'kvlist', value: { type: 'kvlist', value: [attr('inner', true), { key: 'deep', value: { type: 'kvlist', value: [] } }] } },
    { key: 'empty', value: { type: 'empty', value: null } },
    attr('repeated', 'first'),
    attr('repeated', 'second'),
  ];
  const span: Span = {
    ...makeSpan({ traceId: t, spanId: spanIdOf(0), name: 'exact', kind: SpanKind.PRODUCER, start, duration: 1n }),
    parentSpanId: 'ffffffffffffffff',
    traceState: 'vendor=value,other=1',
    flags: 0x301,
    attributes: values,
    droppedAttributesCount: 3,
    events: [makeEvent(start + 1n, 'event', values.slice(0, 4)), makeEvent(start - 5_000_000_000n, 'before start')],
    droppedEventsCount: 2,
    links: [{ ...makeLink(traceIdOf(TAG, 99), spanIdOf(7), [attr('link', 1)]), traceState: 'k=v', flags: 1, droppedAttributesCount: 1 }],
    droppedLinksCount: 4,
    status: { code: StatusCode.ERROR, message: 'it failed: 💥' },
  };
  const batch = makeBatch([{ service: 'exact', resourceAttributes: values.slice(0, 3), scope: { attributes: [attr('s', 1.5)] }, spans: [span] }]);
  batch.resourceSpans[0]!.schemaUrl = 'https://opentelemetry.io/schemas/1.21.0';
  batch.resourceSpans[0]!.resource.droppedAttributesCount = 1;
  batch.resourceSpans[0]!.scopeSpans[0]!.schemaUrl = 'https://opentelemetry.io/schemas/1.20.0';
  batch.resourceSpans[0]!.scopeSpans[0]!.scope.droppedAttributesCount = 2;
  return batch;
}

export function registerVolumeCases(ctx: SuiteContext): void {
  describe('volume and fidelity', () => {
    storageCase(ctx, `a ${LARGE_TRACE_SPANS}-span trace round-trips`, async (backend) => {
      const batch = largeTrace();
      await backend.writer.writeTraces(batch);
      const got = await collect(backend.reader.getTraces([{ traceId: traceIdOf(TAG, 1) }]));
      assert.equal(got.length, 1, 'one trace, whatever the backend does internally to chunk it');
      assert.equal(spanCountOf(got[0]!), LARGE_TRACE_SPANS);
      assertSameSpans(got, [batch]);
    });

    storageCase(ctx, 'spans with duplicate ids are all kept', async (backend) => {
      const batch = duplicateIdTrace();
      await backend.writer.writeTraces(batch);
      const got = await collect(backend.reader.getTraces([{ traceId: traceIdOf(TAG, 2) }]));
      assert.equal(spanCountOf(got[0]!), 200);
      assertSameSpans(got, [batch]);
    });

    storageCase(ctx, 'spans of one trace written in several batches form one trace', async (backend) => {
      const t = traceIdOf(TAG, 4);
      const start = nsMinutesAgo(12);
      const root = makeSpan({ traceId: t, spanId: spanIdOf(0), name: 'root', kind: SpanKind.SERVER, start });
      const batches = [
        makeBatch([{ service: 'batches-a', spans: [root] }]),
        makeBatch([{ service: 'batches-b', spans: [1, 2].map((n) => makeSpan({ traceId: t, spanId: spanIdOf(n), parentSpanId: spanIdOf(0), start: start + BigInt(n) })) }]),
        makeBatch([{ service: 'batches-a', scope: { name: 'other-scope' }, spans: [makeSpan({ traceId: t, spanId: spanIdOf(3), parentSpanId: spanIdOf(0), start })] }]),
      ];
      for (const b of batches) await backend.writer.writeTraces(b);
      const got = await collect(backend.reader.getTraces([{ traceId: t }]));
      assert.equal(got.length, 1);
      assertSameSpans(got, batches);
      const found = await collect(backend.reader.findTraces(makeQuery({ serviceName: 'batches-a' })));
      assert.deepEqual(traceIdsOf(found), [t], 'a trace with several matching spans is returned once');
      assertSameSpans(found, batches);
    });

    storageCase(ctx, 'int64 beyond 2^53, doubles, bytes, nested values and ns times round-trip exactly', async (backend) => {
      const batch = exactValuesBatch();
      await backend.writer.writeTraces(batch);
      assertSameSpans(await collect(backend.reader.getTraces([{ traceId: traceIdOf(TAG, 3) }])), [batch]);
      const span = batch.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
      const exact = makeQuery({
        serviceName: 'exact',
        startTimeMin: span.startTimeUnixNano,
        startTimeMax: span.startTimeUnixNano,
        durationMin: 1n,
        durationMax: 1n,
        attributes: [{ key: 'int.max', value: '9223372036854775807' }],
      });
      assert.deepEqual(traceIdsOf(await collect(backend.reader.findTraces(exact))), [traceIdOf(TAG, 3)]);
      const offByOne = { ...exact, startTimeMin: span.startTimeUnixNano + 1n, startTimeMax: span.startTimeUnixNano + 1n };
      assert.deepEqual(await collect(backend.reader.findTraces(offByOne)), [], 'a window 1 ns later misses the span');
    });
  });
}
