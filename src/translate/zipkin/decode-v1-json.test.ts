import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SpanKind, StatusCode, attr, findAttribute, intValue, type Span, type TraceBatch } from '../../model/index.js';
import { decodeZipkinV1Json, decodeZipkinV2Json, type ZipkinDecodeResult } from './index.js';
import { recordWithZipkinJs, recordZipkinJsScenario } from './testing/zipkin-js-capture.js';

function ok(result: ZipkinDecodeResult): Extract<ZipkinDecodeResult, { ok: true }> {
  if (!result.ok) assert.fail(`decode failed: ${result.error}`);
  return result;
}
const spansOf = (batch: TraceBatch): Span[] => batch.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
const serviceOf = (batch: TraceBatch, span: Span): unknown =>
  findAttribute(batch.resourceSpans.find((rs) => rs.scopeSpans.some((ss) => ss.spans.includes(span)))!.resource.attributes, 'service.name')?.value;

const TRACE = '463ac35c9f6413ad48485a3953bb6124';
const ep = (serviceName: string, extra: Record<string, unknown> = {}) => ({ serviceName, ...extra });

function decodeOne(span: Record<string, unknown>): { spans: Span[]; batch: TraceBatch } {
  const result = ok(decodeZipkinV1Json(JSON.stringify([{ traceId: TRACE, id: 'a2fb4a1d1a96d312', name: 'op', ...span }])));
  assert.equal(result.rejectedSpans, 0, result.rejectionMessage);
  return { spans: spansOf(result.batch), batch: result.batch };
}

describe('zipkin-js v1 bodies', () => {
  test('decode to the same spans as the same tracer’s v2 bodies', () => {
    const bodies = recordWithZipkinJs('frontend', recordZipkinJsScenario);
    const v1 = ok(decodeZipkinV1Json(bodies.v1));
    const v2 = ok(decodeZipkinV2Json(bodies.v2));
    assert.equal(v1.spanCount, 4);
    const key = (s: Span) => [s.traceId, s.spanId, s.parentSpanId, s.name, s.kind, s.startTimeUnixNano, s.endTimeUnixNano, s.status, s.attributes];
    for (const name of ['get /api', 'post /charge']) {
      const a = spansOf(v1.batch).find((s) => s.name === name)!;
      const b = spansOf(v2.batch).find((s) => s.name === name)!;
      assert.deepEqual(key(a), key(b), name);
      assert.equal(serviceOf(v1.batch, a), serviceOf(v2.batch, b));
    }
    // v1 writes the producer's end as a `ws` (wire send) annotation, which stays an event.
    const producer = spansOf(v1.batch).find((s) => s.name === 'send')!;
    assert.equal(producer.kind, SpanKind.PRODUCER);
    assert.deepEqual(producer.events.map((e) => e.name), ['ws']);
    assert.deepEqual(producer.attributes, [attr('peer.service', 'kafka'), attr('net.peer.ip', '10.0.0.7'), { key: 'net.peer.port', value: intValue(9092) }]);
  });
});

describe('v1 conversion rules (Jaeger sanitizers)', () => {
  test('without a timestamp the start comes from cs, the duration from cs…cr', () => {
    const [span] = decodeOne({
      annotations: [
        { value: 'ann', timestamp: 50, endpoint: ep('svc') },
        { value: 'cs', timestamp: 100, endpoint: ep('svc', { ipv4: '10.0.0.1', port: 80 }) },
        { value: 'cr', timestamp: 300, endpoint: ep('svc') },
        { value: 'late', timestamp: 900, endpoint: ep('svc') },
      ],
    }).spans;
    assert.equal(span!.kind, SpanKind.CLIENT);
    assert.equal(span!.startTimeUnixNano, 100_000n);
    assert.equal(span!.endTimeUnixNano, 300_000n);
    assert.deepEqual(span!.events.map((e) => [e.name, e.timeUnixNano]), [['ann', 50_000n], ['late', 900_000n]]);
    assert.deepEqual(span!.attributes, [attr('net.host.ip', '10.0.0.1'), { key: 'net.host.port', value: intValue(80) }]);
  });

  test('sr gives the start only to a span without a parent; otherwise the first annotation does', () => {
    const anns = [
      { value: 'x', timestamp: 40, endpoint: ep('svc') },
      { value: 'sr', timestamp: 100, endpoint: ep('svc') },
      { value: 'ss', timestamp: 200, endpoint: ep('svc') },
    ];
    assert.equal(decodeOne({ annotations: anns }).spans[0]!.startTimeUnixNano, 100_000n);
    const child = decodeOne({ parentId: '0000000000000009', annotations: anns }).spans[0]!;
    assert.equal(child.startTimeUnixNano, 40_000n);
    assert.equal(child.endTimeUnixNano, 200_000n);
    assert.equal(child.kind, SpanKind.SERVER);
  });

  test('no usable duration becomes 1 µs; a negative one too, recorded in errNegativeDuration', () => {
    const lone = decodeOne({ timestamp: 1000, annotations: [{ value: 'only', timestamp: 1000 }] }).spans[0]!;
    assert.equal(lone.endTimeUnixNano - lone.startTimeUnixNano, 1000n);
    const negative = decodeOne({ timestamp: 1000, duration: -5 }).spans[0]!;
    assert.equal(negative.endTimeUnixNano - negative.startTimeUnixNano, 1000n);
    assert.deepEqual(findAttribute(negative.attributes, 'errNegativeDuration'), { type: 'string', value: '-5' });
  });

  test('a zero parent id means a root span, recorded in errZeroParentID', () => {
    const span = decodeOne({ timestamp: 1, duration: 1, parentId: '0000000000000000' }).spans[0]!;
    assert.equal(span.parentSpanId, '');
    assert.deepEqual(findAttribute(span.attributes, 'errZeroParentID'), { type: 'string', value: '0' });
  });

  test('binary annotations: lc → component (and service), error in any case → status, values as text, addresses → peer', () => {
    const { spans, batch } = decodeOne({
      timestamp: 1,
      duration: 2,
      binaryAnnotations: [
        { key: 'lc', value: 'worker', endpoint: ep('batch-svc') },
        { key: 'Error', value: 'disk full', endpoint: ep('batch-svc') },
        { key: 'retries', value: 3 },
        { key: 'cached', value: false },
        { key: 'sa', value: true, endpoint: ep('db', { ipv6: '2001:db8::5', port: 5432 }) },
      ],
    });
    const span = spans[0]!;
    assert.deepEqual(span.status, { code: StatusCode.ERROR, message: 'disk full' });
    assert.deepEqual(span.attributes, [
      attr('component', 'worker'),
      attr('retries', '3'),
      attr('cached', 'false'),
      attr('peer.service', 'db'),
      attr('net.peer.ip', '2001:db8::5'),
      { key: 'net.peer.port', value: intValue(5432) },
    ]);
    assert.equal(serviceOf(batch, span), 'batch-svc');
  });

  test('a span holding both client and server annotations is split into two sides', () => {
    const { spans, batch } = decodeOne({
      timestamp: 100,
      duration: 400,
      annotations: [
        { value: 'cs', timestamp: 100, endpoint: ep('web') },
        { value: 'sr', timestamp: 150, endpoint: ep('api') },
        { value: 'ss', timestamp: 450, endpoint: ep('api') },
        { value: 'cr', timestamp: 500, endpoint: ep('web') },
      ],
      binaryAnnotations: [
        { key: 'http.path', value: '/x', endpoint: ep('web') },
        { key: 'sa', value: true, endpoint: ep('api', { ipv4: '10.0.0.2' }) },
        { key: 'ca', value: true, endpoint: ep('web', { ipv4: '10.0.0.1' }) },
      ],
    });
    assert.equal(spans.length, 2);
    const client = spans.find((s) => s.kind === SpanKind.CLIENT)!;
    const server = spans.find((s) => s.kind === SpanKind.SERVER)!;
    assert.equal(client.spanId, server.spanId, 'the shared id is kept; the query-time adjuster separates them');
    assert.deepEqual([client.startTimeUnixNano, client.endTimeUnixNano], [100_000n, 500_000n]);
    assert.deepEqual([server.startTimeUnixNano, server.endTimeUnixNano], [150_000n, 450_000n]);
    assert.equal(serviceOf(batch, client), 'web');
    assert.equal(serviceOf(batch, server), 'api');
    assert.deepEqual(findAttribute(client.attributes, 'peer.service'), { type: 'string', value: 'api' });
    assert.deepEqual(server.attributes, [attr('peer.service', 'web'), attr('net.peer.ip', '10.0.0.1')]);
  });

  test('debug sets the debug flag; bad spans are rejected with their position in the request', () => {
    assert.equal(decodeOne({ timestamp: 1, debug: true }).spans[0]!.flags, 2);
    const result = ok(decodeZipkinV1Json(JSON.stringify([{ traceId: TRACE, id: 'zz' }, 7, { traceId: TRACE, id: 'a2fb4a1d1a96d312', timestamp: 1 }])));
    assert.equal(result.spanCount, 1);
    assert.equal(result.rejectionMessage, '2 spans rejected: span 0: id "zz" is not 8-byte hex');
    assert.deepEqual(decodeZipkinV1Json('{"a":1}'), { ok: false, error: 'expected a JSON array of Zipkin v1 spans' });
  });
});
