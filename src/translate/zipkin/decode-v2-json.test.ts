import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SpanKind, StatusCode, attr, boolValue, findAttribute, intValue, stringValue, type Span, type TraceBatch } from '../../model/index.js';
import { decodeZipkinV2Json, type ZipkinDecodeResult } from './index.js';
import { captureZipkinExport, recordOtelTrace } from './testing/otel-zipkin-capture.js';
import { recordWithZipkinJs, recordZipkinJsScenario } from './testing/zipkin-js-capture.js';

function ok(result: ZipkinDecodeResult): Extract<ZipkinDecodeResult, { ok: true }> {
  if (!result.ok) assert.fail(`decode failed: ${result.error}`);
  return result;
}
const spansOf = (batch: TraceBatch): Span[] => batch.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
const byName = (batch: TraceBatch, name: string): Span => {
  const s = spansOf(batch).find((x) => x.name === name);
  assert.ok(s, name);
  return s;
};
/** Decodes one span given as a v2 JSON object (ids filled in). */
function one(span: Record<string, unknown>): { span: Span; batch: TraceBatch } {
  const result = ok(decodeZipkinV2Json(JSON.stringify([{ traceId: '463ac35c9f6413ad48485a3953bb6124', id: 'a2fb4a1d1a96d312', ...span }])));
  assert.equal(result.spanCount, 1, result.rejectionMessage);
  return { span: spansOf(result.batch)[0]!, batch: result.batch };
}

describe('@opentelemetry/exporter-zipkin bodies', () => {
  test('decode with resource, kinds, status, parents, times and events', async () => {
    const spans = recordOtelTrace();
    const captured = await captureZipkinExport(spans);
    assert.equal(captured.contentType, 'application/json');
    const result = ok(decodeZipkinV2Json(captured.body));
    assert.equal(result.spanCount, 4);
    assert.equal(result.batch.resourceSpans.length, 1, 'one resource for the one service');
    assert.deepEqual(result.batch.resourceSpans[0]!.resource.attributes, [
      attr('service.name', 'shop'),
      attr('host.name', 'web-1'),
      attr('deployment.environment', 'test'),
    ]);

    const root = byName(result.batch, 'GET /cart');
    const sdkRoot = spans.find((s) => s.name === 'GET /cart')!;
    assert.equal(root.traceId, sdkRoot.spanContext().traceId);
    assert.equal(root.spanId, sdkRoot.spanContext().spanId);
    assert.equal(root.parentSpanId, '');
    assert.equal(root.kind, SpanKind.SERVER);
    assert.equal(root.startTimeUnixNano, 1_700_000_000_000_000_000n);
    assert.equal(root.endTimeUnixNano, 1_700_000_000_010_000_000n);
    assert.deepEqual(root.attributes, [attr('http.method', 'GET'), attr('http.status_code', '200'), attr('cart.items', '3')]);
    assert.deepEqual(root.events, [{ timeUnixNano: 1_700_000_000_001_000_000n, name: 'cache.miss', attributes: [], droppedAttributesCount: 0 }]);

    const client = byName(result.batch, 'GET inventory');
    assert.equal(client.kind, SpanKind.CLIENT);
    assert.equal(client.parentSpanId, root.spanId);
    assert.deepEqual(client.status, { code: StatusCode.ERROR, message: 'connection refused' });
    assert.deepEqual(client.attributes, [attr('net.peer.name', 'inventory')]);

    assert.deepEqual(byName(result.batch, 'publish order').status, { code: StatusCode.OK, message: '' });
    assert.equal(byName(result.batch, 'publish order').kind, SpanKind.PRODUCER);
    assert.equal(byName(result.batch, 'render').kind, SpanKind.UNSPECIFIED);
  });
});

describe('zipkin-js v2 bodies', () => {
  test('client, server (joined id, with error), local and producer spans', () => {
    const bodies = recordWithZipkinJs('frontend', recordZipkinJsScenario);
    const result = ok(decodeZipkinV2Json(bodies.v2));
    assert.equal(result.spanCount, 4);
    const client = byName(result.batch, 'get /api');
    assert.equal(client.kind, SpanKind.CLIENT);
    assert.equal(client.endTimeUnixNano - client.startTimeUnixNano, 800_000n);
    const server = byName(result.batch, 'post /charge');
    assert.equal(server.traceId, '463ac35c9f6413ad48485a3953bb6124');
    assert.equal(server.parentSpanId, '0000000000000001');
    assert.deepEqual(server.status, { code: StatusCode.ERROR, message: 'card declined' });
    assert.deepEqual(server.attributes, [attr('net.peer.ip', '10.0.0.9'), { key: 'net.peer.port', value: intValue(5555) }]);
    const producer = byName(result.batch, 'send');
    assert.equal(producer.kind, SpanKind.PRODUCER);
    assert.deepEqual(producer.attributes, [attr('peer.service', 'kafka'), attr('net.peer.ip', '10.0.0.7'), { key: 'net.peer.port', value: intValue(9092) }]);
    const services = result.batch.resourceSpans.map((rs) => [findAttribute(rs.resource.attributes, 'service.name')?.value, rs.scopeSpans[0]!.spans.map((x) => x.name)]);
    assert.deepEqual(services, [[undefined, ['get /api', 'send']], ['backend', ['post /charge']], ['frontend', ['compute']]]);
  });
});

describe('mapping rules', () => {
  test('ids: 64-bit trace ids are padded, case is normalised, a parent equal to the span id is dropped', () => {
    const { span } = one({ traceId: '48485A3953BB6124', id: 'A2FB4A1D1A96D312', parentId: 'a2fb4a1d1a96d312' });
    assert.equal(span.traceId, '000000000000000048485a3953bb6124');
    assert.equal(span.spanId, 'a2fb4a1d1a96d312');
    assert.equal(span.parentSpanId, '');
    assert.equal(one({ parentId: '0000000000000000' }).span.parentSpanId, '');
    assert.equal(one({ parentId: '6b221d5bc9e6496c' }).span.parentSpanId, '6b221d5bc9e6496c');
  });

  test('status from otel.status_code, otel.status_description and error', () => {
    const cases: Array<[Record<string, string>, StatusCode, string, string[]]> = [
      [{ error: '' }, StatusCode.ERROR, '', []],
      [{ error: 'true' }, StatusCode.ERROR, '', []],
      [{ error: 'Connection reset' }, StatusCode.ERROR, 'Connection reset', []],
      [{ error: 'false' }, StatusCode.UNSET, '', ['error']],
      [{ 'otel.status_code': 'ERROR', error: 'boom' }, StatusCode.ERROR, 'boom', []],
      [{ 'otel.status_code': 'STATUS_CODE_ERROR', 'otel.status_description': 'desc', error: 'boom' }, StatusCode.ERROR, 'desc', []],
      [{ 'otel.status_code': 'Ok' }, StatusCode.OK, '', []],
      [{ 'otel.status_description': 'orphan' }, StatusCode.UNSET, '', ['otel.status_description']],
    ];
    for (const [tags, code, message, kept] of cases) {
      const { span } = one({ tags });
      assert.deepEqual(span.status, { code, message }, JSON.stringify(tags));
      assert.deepEqual(span.attributes.map((a) => a.key).filter((k) => k !== 'otel.zipkin.absentField.startTime'), kept, JSON.stringify(tags));
    }
  });

  test('kind, debug flag, trace state, scope and span.kind=internal', () => {
    assert.equal(one({ kind: 'consumer' }).span.kind, SpanKind.CONSUMER);
    assert.equal(one({ tags: { 'span.kind': 'internal' } }).span.kind, SpanKind.INTERNAL);
    assert.deepEqual(one({ kind: 'SERVER', tags: { 'span.kind': 'server' } }).span.attributes[0], attr('span.kind', 'server'));
    assert.equal(one({ debug: true }).span.flags, 2);
    assert.equal(one({ tags: { 'w3c.tracestate': 'k=v' } }).span.traceState, 'k=v');
    const scoped = one({ tags: { 'otel.library.name': 'lib', 'otel.library.version': '9' } }).batch;
    assert.deepEqual([scoped.resourceSpans[0]!.scopeSpans[0]!.scope.name, scoped.resourceSpans[0]!.scopeSpans[0]!.scope.version], ['lib', '9']);
  });

  test('times: fractional microseconds kept, absent timestamp flagged, absent duration ends at the start', () => {
    const { span } = one({ timestamp: 1_700_000_000_000_000.5, duration: 2.25 });
    assert.equal(span.startTimeUnixNano, 1_700_000_000_000_000_500n);
    assert.equal(span.endTimeUnixNano - span.startTimeUnixNano, 2250n);
    const absent = one({ duration: 10 }).span;
    assert.equal(absent.startTimeUnixNano, 0n);
    assert.equal(absent.endTimeUnixNano, 10_000n);
    assert.deepEqual(findAttribute(absent.attributes, 'otel.zipkin.absentField.startTime'), boolValue(true));
    const noDuration = one({ timestamp: 5 }).span;
    assert.equal(noDuration.endTimeUnixNano, noDuration.startTimeUnixNano);
  });

  test('endpoints: local ip/port on the span, IPv6 preferred; service.name tag used without a local service', () => {
    const { span, batch } = one({ timestamp: 1, localEndpoint: { serviceName: 'a', ipv4: '10.1.1.1', ipv6: '2001:db8::1', port: 9000 } });
    assert.deepEqual(span.attributes, [attr('net.host.ip', '2001:db8::1'), { key: 'net.host.port', value: intValue(9000) }]);
    assert.deepEqual(batch.resourceSpans[0]!.resource.attributes, [attr('service.name', 'a')]);
    const fromTag = one({ timestamp: 1, tags: { 'service.name': 'tagged', 'telemetry.sdk.language': 'go' } }).batch;
    assert.deepEqual(fromTag.resourceSpans[0]!.resource.attributes, [attr('service.name', 'tagged'), attr('telemetry.sdk.language', 'go')]);
    assert.deepEqual(one({ timestamp: 1 }).batch.resourceSpans[0]!.resource.attributes, []);
  });

  test('annotations: plain, OTel pipe-encoded with attributes, Jaeger-style JSON fields', () => {
    const { span } = one({
      timestamp: 1,
      annotations: [
        { timestamp: 2, value: 'ws' },
        { timestamp: 3, value: 'exception|{"exception.type":"IOError","count":2,"ratio":0.5,"ok":true}|1' },
        { timestamp: 4, value: '{"event":"retry","attempt":"2"}' },
        { timestamp: 5, value: 'a|b' },
      ],
    });
    assert.deepEqual(span.events, [
      { timeUnixNano: 2000n, name: 'ws', attributes: [], droppedAttributesCount: 0 },
      {
        timeUnixNano: 3000n,
        name: 'exception',
        attributes: [attr('exception.type', 'IOError'), { key: 'count', value: intValue(2) }, attr('ratio', 0.5), attr('ok', true)],
        droppedAttributesCount: 1,
      },
      { timeUnixNano: 4000n, name: 'retry', attributes: [attr('attempt', '2')], droppedAttributesCount: 0 },
      { timeUnixNano: 5000n, name: 'a|b', attributes: [], droppedAttributesCount: 0 },
    ]);
  });

  test('otlp.link.N tags become links; malformed ones stay attributes', () => {
    const { span } = one({
      timestamp: 1,
      tags: {
        'otlp.link.0': '0af7651916cd43dd8448eb211c80319c|b7ad6b7169203331|k=v|{"a":"b|c"}|0',
        'otlp.link.1': 'nonsense',
      },
    });
    assert.deepEqual(span.links, [
      { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceState: 'k=v', attributes: [attr('a', 'b|c')], droppedAttributesCount: 0, flags: 0 },
    ]);
    assert.deepEqual(findAttribute(span.attributes, 'otlp.link.1'), stringValue('nonsense'));
  });

  test('spans with unusable ids or times are rejected alone', () => {
    const result = ok(
      decodeZipkinV2Json(
        JSON.stringify([
          { traceId: '0000000000000000', id: 'a2fb4a1d1a96d312' },
          { traceId: 'xyz', id: 'a2fb4a1d1a96d312' },
          { traceId: '463ac35c9f6413ad', id: '463ac35c9f6413ad48' },
          { traceId: '463ac35c9f6413ad', id: 'a2fb4a1d1a96d312', timestamp: -1 },
          { traceId: '463ac35c9f6413ad', id: 'a2fb4a1d1a96d312', tags: 'x' },
          'not a span',
          { traceId: '463ac35c9f6413ad', id: 'a2fb4a1d1a96d312', parentId: null, name: null, tags: null, annotations: null },
        ]),
      ),
    );
    assert.equal(result.spanCount, 1);
    assert.equal(result.rejectedSpans, 6);
    assert.equal(result.rejectionMessage, '6 spans rejected: span 0: traceId is zero');
  });

  test('bodies that are not a JSON array fail as a whole', () => {
    assert.match(JSON.stringify(decodeZipkinV2Json('{"traceId":"1"')), /invalid JSON/);
    assert.deepEqual(decodeZipkinV2Json('{}'), { ok: false, error: 'expected a JSON array of Zipkin v2 spans' });
    assert.deepEqual(ok(decodeZipkinV2Json(Buffer.from('[]'))).spanCount, 0);
  });
});
