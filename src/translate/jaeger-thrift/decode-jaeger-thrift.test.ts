import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SpanKind, StatusCode, countSpans, findAttribute, type Span, type TraceBatch } from '../../model/index.js';
import {
  decodeJaegerAgentBinaryDatagram,
  decodeJaegerAgentCompactDatagram,
  decodeJaegerThriftBatch,
  type JaegerDecodeResult,
} from './index.js';
import { captureHttpBodies, captureUdpDatagrams, jaegerClient, type OtTracer } from './testing/jaeger-client-capture.js';
import { TagType, encodeEmitBatch, encodeThriftBatch, type ThriftBatch } from './testing/jaeger-thrift-writer.js';
import { T, writeWith } from './testing/thrift-library.js';

function ok(result: JaegerDecodeResult): Extract<JaegerDecodeResult, { ok: true }> {
  if (!result.ok) assert.fail(`decode failed: ${result.error}`);
  return result;
}

function spansOf(batch: TraceBatch): Span[] {
  return batch.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
}

function byName(batch: TraceBatch, name: string): Span {
  const span = spansOf(batch).find((s) => s.name === name);
  assert.ok(span, `span ${name}`);
  return span;
}

/** A small trace through jaeger-client's OpenTracing API: a server root, an erroring child with a log, an async follower. */
function recordTrace(tracer: OtTracer): { traceId: string; rootId: string; childId: string } {
  const root = tracer.startSpan('GET /orders', { tags: { 'span.kind': 'server', 'http.method': 'GET' }, startTime: 1_700_000_000_123.456 });
  const child = tracer.startSpan('SELECT orders', { childOf: root, tags: { error: true, 'db.rows': 42, cached: false }, startTime: 1_700_000_000_200 });
  child.log({ event: 'retry', attempt: 2 }, 1_700_000_000_250);
  const follower = tracer.startSpan('audit', { references: [jaegerClient.opentracing.followsFrom(child.context())], startTime: 1_700_000_000_400 });
  follower.finish(1_700_000_000_450);
  child.finish(1_700_000_000_300);
  root.finish(1_700_000_000_500);
  return { traceId: root.context().toTraceId(), rootId: root.context().toSpanId(), childId: child.context().toSpanId() };
}

describe('jaeger-client (binary emitBatch over UDP)', () => {
  test('decodes every span, the process and the mapping rules', async () => {
    let ids = { traceId: '', rootId: '', childId: '' };
    const datagrams = await captureUdpDatagrams({ serviceName: 'orders', tracerTags: { region: 'eu-1' }, traceId128bit: true }, (t) => {
      ids = recordTrace(t);
    });
    assert.equal(datagrams.length, 1);
    const result = ok(decodeJaegerAgentBinaryDatagram(datagrams[0]!));
    assert.equal(result.spanCount, 3);
    assert.equal(result.rejectedSpans, 0);
    assert.equal(result.batch.resourceSpans.length, 1);

    const resource = result.batch.resourceSpans[0]!.resource.attributes;
    assert.deepEqual(findAttribute(resource, 'service.name'), { type: 'string', value: 'orders' });
    assert.deepEqual(findAttribute(resource, 'region'), { type: 'string', value: 'eu-1' });
    assert.equal(findAttribute(resource, 'opencensus.exporterversion')?.value, 'Jaeger-Node-3.19.0');
    assert.equal(findAttribute(resource, 'jaeger.version'), undefined);
    assert.ok(findAttribute(resource, 'host.name'), 'hostname → host.name');
    assert.equal(findAttribute(resource, 'hostname'), undefined);

    const root = byName(result.batch, 'GET /orders');
    assert.equal(root.traceId, ids.traceId.padStart(32, '0'));
    assert.equal(root.spanId, ids.rootId.padStart(16, '0'));
    assert.equal(root.parentSpanId, '');
    assert.equal(root.kind, SpanKind.SERVER);
    assert.equal(root.flags, 1);
    assert.equal(root.startTimeUnixNano, 1_700_000_000_123_456_000n);
    // jaeger-client computes the duration in float milliseconds, so allow its rounding.
    assert.ok(root.endTimeUnixNano - 1_700_000_000_500_000_000n <= 0n && root.endTimeUnixNano - 1_700_000_000_500_000_000n > -2000n);
    assert.equal(findAttribute(root.attributes, 'span.kind'), undefined);
    assert.deepEqual(findAttribute(root.attributes, 'http.method'), { type: 'string', value: 'GET' });
    assert.deepEqual(findAttribute(root.attributes, 'sampler.type'), { type: 'string', value: 'const' });

    const child = byName(result.batch, 'SELECT orders');
    assert.equal(child.parentSpanId, root.spanId);
    assert.deepEqual(child.status, { code: StatusCode.ERROR, message: '' });
    assert.equal(findAttribute(child.attributes, 'error'), undefined);
    assert.deepEqual(findAttribute(child.attributes, 'db.rows'), { type: 'double', value: 42 });
    assert.deepEqual(findAttribute(child.attributes, 'cached'), { type: 'bool', value: false });
    assert.deepEqual(child.events, [
      { timeUnixNano: 1_700_000_000_250_000_000n, name: 'retry', attributes: [{ key: 'attempt', value: { type: 'double', value: 2 } }], droppedAttributesCount: 0 },
    ]);

    const follower = byName(result.batch, 'audit');
    assert.equal(follower.parentSpanId, '', 'a FOLLOWS_FROM reference is a link, not a parent');
    assert.deepEqual(follower.links.map((l) => [l.traceId, l.spanId, l.attributes[0]?.value]), [
      [root.traceId, child.spanId, { type: 'string', value: 'follows_from' }],
    ]);
  });

  test('64-bit trace ids are zero-padded to 32 hex characters', async () => {
    const datagrams = await captureUdpDatagrams({ serviceName: 'short-ids' }, (t) => t.startSpan('op').finish());
    const span = spansOf(ok(decodeJaegerAgentBinaryDatagram(datagrams[0]!)).batch)[0]!;
    assert.match(span.traceId, /^0{16}[0-9a-f]{16}$/);
  });
});

describe('jaeger-client (binary Batch over HTTP)', () => {
  test('decodes the collector body the HTTP sender posts', async () => {
    const requests = await captureHttpBodies({ serviceName: 'billing' }, recordTrace);
    assert.equal(requests[0]!.contentType, 'application/x-thrift');
    const result = ok(decodeJaegerThriftBatch(requests[0]!.body));
    assert.equal(result.spanCount, 3);
    assert.equal(findAttribute(result.batch.resourceSpans[0]!.resource.attributes, 'service.name')?.value, 'billing');
    assert.equal(byName(result.batch, 'SELECT orders').status.code, StatusCode.ERROR);
  });
});

const SAMPLE: ThriftBatch = {
  process: { serviceName: 'frontend', tags: [{ key: 'ip', vType: TagType.STRING, vStr: '10.0.0.1' }] },
  spans: [
    {
      traceIdLow: -2n,
      traceIdHigh: 0x0123456789abcdefn,
      spanId: 7n,
      parentSpanId: 0n,
      operationName: 'HTTP GET',
      flags: 3,
      startTime: 1_700_000_000_000_001n,
      duration: 2_500n,
      tags: [
        { key: 'otel.scope.name', vType: TagType.STRING, vStr: 'io.opentelemetry.okhttp' },
        { key: 'otel.scope.version', vType: TagType.STRING, vStr: '1.2.3' },
        { key: 'span.kind', vType: TagType.STRING, vStr: 'client' },
        { key: 'otel.status_code', vType: TagType.STRING, vStr: 'ERROR' },
        { key: 'otel.status_description', vType: TagType.STRING, vStr: 'timeout' },
        { key: 'w3c.tracestate', vType: TagType.STRING, vStr: 'vendor=1' },
        { key: 'retries', vType: TagType.LONG, vLong: 2n ** 62n },
        { key: 'ratio', vType: TagType.DOUBLE, vDouble: 0.25 },
        { key: 'raw', vType: TagType.BINARY, vBinary: Uint8Array.from([1, 2, 3]) },
        { key: 'odd', vType: 9, vStr: 'x' },
      ],
      references: [
        { refType: 0, traceIdLow: -2n, traceIdHigh: 0x0123456789abcdefn, spanId: 5n },
        { refType: 0, traceIdLow: 99n, traceIdHigh: 0n, spanId: 6n },
      ],
    },
  ],
  seqNo: 12n,
};

describe('emitBatch written by the thrift library', () => {
  for (const protocol of ['compact', 'binary'] as const) {
    test(`${protocol}: ids, times, scope, status, typed tags and references`, () => {
      const decode = protocol === 'compact' ? decodeJaegerAgentCompactDatagram : decodeJaegerAgentBinaryDatagram;
      const result = ok(decode(encodeEmitBatch(SAMPLE, protocol)));
      assert.equal(result.spanCount, 1);
      const scopeSpans = result.batch.resourceSpans[0]!.scopeSpans[0]!;
      assert.deepEqual([scopeSpans.scope.name, scopeSpans.scope.version], ['io.opentelemetry.okhttp', '1.2.3']);
      const span = scopeSpans.spans[0]!;
      assert.equal(span.traceId, '0123456789abcdeffffffffffffffffe');
      assert.equal(span.spanId, '0000000000000007');
      assert.equal(span.parentSpanId, '0000000000000005', 'first CHILD_OF in the same trace');
      assert.equal(span.flags, 3);
      assert.equal(span.kind, SpanKind.CLIENT);
      assert.deepEqual(span.status, { code: StatusCode.ERROR, message: 'timeout' });
      assert.equal(span.traceState, 'vendor=1');
      assert.equal(span.startTimeUnixNano, 1_700_000_000_000_001_000n);
      assert.equal(span.endTimeUnixNano, 1_700_000_000_002_501_000n);
      assert.deepEqual(span.attributes, [
        { key: 'retries', value: { type: 'int', value: 2n ** 62n } },
        { key: 'ratio', value: { type: 'double', value: 0.25 } },
        { key: 'raw', value: { type: 'bytes', value: Uint8Array.from([1, 2, 3]) } },
        { key: 'odd', value: { type: 'string', value: '<Unknown Jaeger TagType 9>' } },
      ]);
      assert.deepEqual(span.links.map((l) => [l.traceId, l.spanId, l.attributes[0]?.value.value]), [
        ['00000000000000000000000000000063', '0000000000000006', 'child_of'],
      ]);
    });
  }

  test('CALL messages and non-strict binary headers are accepted', () => {
    assert.equal(ok(decodeJaegerAgentBinaryDatagram(encodeEmitBatch(SAMPLE, 'binary-nonstrict', { type: 1 }))).spanCount, 1);
    assert.equal(ok(decodeJaegerAgentCompactDatagram(encodeEmitBatch(SAMPLE, 'compact', { type: 1, seqid: 9 }))).spanCount, 1);
  });

  test('the bare Batch body decodes the same as the datagram', () => {
    const fromBody = ok(decodeJaegerThriftBatch(encodeThriftBatch(SAMPLE, 'binary')));
    const fromDatagram = ok(decodeJaegerAgentBinaryDatagram(encodeEmitBatch(SAMPLE, 'binary')));
    assert.deepEqual(fromBody.batch, fromDatagram.batch);
  });

  test('spans with zero or missing ids are rejected, the rest kept', () => {
    const base = SAMPLE.spans[0]!;
    const batch: ThriftBatch = {
      process: SAMPLE.process,
      spans: [{ ...base, traceIdLow: 0n, traceIdHigh: 0n }, base, { ...base, spanId: 0n }],
    };
    const result = ok(decodeJaegerAgentCompactDatagram(encodeEmitBatch(batch, 'compact')));
    assert.equal(result.spanCount, 1);
    assert.equal(countSpans(result.batch), 1);
    assert.equal(result.rejectedSpans, 2);
    assert.equal(result.rejectionMessage, '2 spans rejected: span 0: trace id is zero');
  });
});

describe('malformed datagrams', () => {
  const valid = encodeEmitBatch(SAMPLE, 'compact');

  test('another method is refused by name', () => {
    const r = decodeJaegerAgentCompactDatagram(encodeEmitBatch(SAMPLE, 'compact', { method: 'emitZipkinBatch' }));
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error : '', /^unexpected method 'emitZipkinBatch', expected 'emitBatch'/);
  });

  test('a REPLY message is refused', () => {
    const r = decodeJaegerAgentBinaryDatagram(encodeEmitBatch(SAMPLE, 'binary', { type: 2 }));
    assert.deepEqual(r, { ok: false, error: "unexpected message type 2 for 'emitBatch', expected ONEWAY (4) or CALL (1)" });
  });

  test('every truncation fails cleanly with the offset', () => {
    for (let n = 0; n < valid.length; n++) {
      const r = decodeJaegerAgentCompactDatagram(valid.subarray(0, n));
      assert.equal(r.ok, false, `prefix of ${n} bytes`);
      if (!r.ok) assert.match(r.error, /truncated at byte \d+|not a compact-protocol message|container at byte \d+ claims/);
    }
  });

  test('a field of the wrong type names the struct, field and types', () => {
    const bytes = writeWith('binary', (p) => {
      p.writeStructBegin('Batch');
      p.writeFieldBegin('spans', T.LIST, 2);
      p.writeListBegin(T.STRUCT, 1);
      p.writeStructBegin('Span');
      p.writeFieldBegin('spanId', T.STRING, 3);
      p.writeString('abc');
      p.writeFieldStop();
      p.writeStructEnd();
      p.writeFieldStop();
      p.writeStructEnd();
    });
    const r = decodeJaegerThriftBatch(bytes);
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error : '', /^Span field 3 \(spanId\) has wrong type string, expected i64/);
  });

  test('protocol mix-ups and empty input', () => {
    assert.match(JSON.stringify(decodeJaegerAgentCompactDatagram(encodeEmitBatch(SAMPLE, 'binary'))), /not a compact-protocol message/);
    assert.equal(decodeJaegerAgentBinaryDatagram(valid).ok, false);
    assert.deepEqual(decodeJaegerThriftBatch(new Uint8Array(0)), { ok: false, error: 'empty body: expected a Thrift binary-protocol Batch' });
    assert.deepEqual(decodeJaegerAgentBinaryDatagram(new Uint8Array(0)), { ok: false, error: 'truncated at byte 0 (needs 4 bytes, 0 left)' });
  });

  test('a spans list claiming 2^31-1 elements does not allocate', () => {
    const header = writeWith('compact', (p) => {
      p.writeMessageBegin('emitBatch', 4, 0);
      p.writeStructBegin('args');
      p.writeFieldBegin('batch', T.STRUCT, 1);
      p.writeStructBegin('Batch');
      p.writeFieldBegin('spans', T.LIST, 2);
    });
    const bytes = Buffer.concat([header, Buffer.from([0xfc, 0xff, 0xff, 0xff, 0xff, 0x07])]);
    const r = decodeJaegerAgentCompactDatagram(bytes);
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error : '', /claims 2147483647 elements but only 0 bytes remain/);
  });
});
