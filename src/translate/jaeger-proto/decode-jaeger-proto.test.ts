import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SpanKind, StatusCode, attr, findAttribute, stringValue, type Span, type TraceBatch } from '../../model/index.js';
import { decodeJaegerPostSpansRequest, type JaegerDecodeResult } from './index.js';
import { encodePostSpansRequest } from './testing/jaeger-api-v2-schema.js';

const TRACE = Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex');
const id = (hex: string): Buffer => Buffer.from(hex, 'hex');

function ok(result: JaegerDecodeResult): Extract<JaegerDecodeResult, { ok: true }> {
  if (!result.ok) assert.fail(`decode failed: ${result.error}`);
  return result;
}

const spansOf = (batch: TraceBatch): Span[] => batch.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));

const REQUEST = {
  batch: {
    process: { service_name: 'checkout', tags: [{ key: 'hostname', v_type: 0, v_str: 'node-1' }] },
    spans: [
      {
        trace_id: TRACE,
        span_id: id('b7ad6b7169203331'),
        operation_name: 'POST /pay',
        references: [
          { trace_id: TRACE, span_id: id('00f067aa0ba902b7'), ref_type: 0 },
          { trace_id: TRACE, span_id: id('1111111111111111'), ref_type: 1 },
        ],
        flags: 1,
        start_time: { seconds: 1_700_000_000, nanos: 123_456_789 },
        duration: { seconds: 1, nanos: 500 },
        tags: [
          { key: 'span.kind', v_str: 'server' },
          { key: 'error', v_type: 1, v_bool: true },
          { key: 'amount', v_type: 3, v_float64: 12.5 },
          { key: 'items', v_type: 2, v_int64: '-9223372036854775808' },
          { key: 'sig', v_type: 4, v_binary: Buffer.from([9, 8]) },
          { key: 'ok', v_type: 1, v_bool: false },
        ],
        logs: [{ timestamp: { seconds: 1_700_000_000, nanos: 500_000_000 }, fields: [{ key: 'event', v_str: 'charged' }, { key: 'n', v_type: 2, v_int64: 3 }] }],
        process_id: 'p1',
        warnings: ['clock skew'],
      },
      {
        trace_id: TRACE,
        span_id: id('c7ad6b7169203331'),
        operation_name: 'fraud-check',
        start_time: { seconds: 1_700_000_000 },
        process: { service_name: 'fraud', tags: [{ key: 'jaeger.version', v_str: 'Go-2.30.0' }] },
        tags: [{ key: 'otel.scope.name', v_str: 'fraud-lib' }],
      },
      {
        trace_id: id('8448eb211c80319c'),
        span_id: id('d7ad6b7169203331'),
        operation_name: 'same process spelled out',
        process: { service_name: 'checkout', tags: [{ key: 'hostname', v_type: 0, v_str: 'node-1' }] },
      },
    ],
  },
};

describe('decodeJaegerPostSpansRequest', () => {
  test('decodes spans, processes, typed tags, logs and references', () => {
    const result = ok(decodeJaegerPostSpansRequest(encodePostSpansRequest(REQUEST)));
    assert.equal(result.spanCount, 3);
    assert.equal(result.rejectedSpans, 0);
    const [checkout, fraud] = result.batch.resourceSpans;
    assert.equal(result.batch.resourceSpans.length, 2);
    assert.deepEqual(checkout!.resource.attributes, [attr('service.name', 'checkout'), attr('host.name', 'node-1')]);
    assert.deepEqual(fraud!.resource.attributes, [attr('service.name', 'fraud'), attr('opencensus.exporterversion', 'Jaeger-Go-2.30.0')]);
    assert.deepEqual(fraud!.scopeSpans.map((ss) => ss.scope.name), ['fraud-lib']);
    assert.deepEqual(checkout!.scopeSpans[0]!.spans.map((s) => s.name), ['POST /pay', 'same process spelled out']);

    const pay = checkout!.scopeSpans[0]!.spans[0]!;
    assert.equal(pay.traceId, '0af7651916cd43dd8448eb211c80319c');
    assert.equal(pay.spanId, 'b7ad6b7169203331');
    assert.equal(pay.parentSpanId, '00f067aa0ba902b7');
    assert.equal(pay.flags, 1);
    assert.equal(pay.kind, SpanKind.SERVER);
    assert.deepEqual(pay.status, { code: StatusCode.ERROR, message: '' });
    assert.equal(pay.startTimeUnixNano, 1_700_000_000_123_456_789n);
    assert.equal(pay.endTimeUnixNano, 1_700_000_001_123_457_289n);
    assert.deepEqual(pay.attributes, [
      { key: 'amount', value: { type: 'double', value: 12.5 } },
      { key: 'items', value: { type: 'int', value: -(2n ** 63n) } },
      { key: 'sig', value: { type: 'bytes', value: Uint8Array.from([9, 8]) } },
      { key: 'ok', value: { type: 'bool', value: false } },
    ]);
    assert.deepEqual(pay.events, [
      { timeUnixNano: 1_700_000_000_500_000_000n, name: 'charged', attributes: [{ key: 'n', value: { type: 'int', value: 3n } }], droppedAttributesCount: 0 },
    ]);
    assert.deepEqual(pay.links.map((l) => [l.spanId, l.attributes]), [['1111111111111111', [{ key: 'opentracing.ref_type', value: stringValue('follows_from') }]]]);

    const short = spansOf(result.batch).find((s) => s.name === 'same process spelled out')!;
    assert.equal(short.traceId, '00000000000000008448eb211c80319c');
  });

  test('spans with missing, zero or malformed ids are rejected; the rest are kept', () => {
    const good = { trace_id: TRACE, span_id: id('0000000000000001'), operation_name: 'good' };
    const request = {
      batch: {
        process: { service_name: 's' },
        spans: [
          { ...good, trace_id: Buffer.alloc(16) },
          { ...good, span_id: Buffer.alloc(8) },
          { ...good, span_id: id('0102') },
          { operation_name: 'no ids' },
          { ...good, references: [{ trace_id: id('01'), span_id: id('0000000000000002') }] },
          good,
        ],
      },
    };
    const result = ok(decodeJaegerPostSpansRequest(encodePostSpansRequest(request)));
    assert.equal(result.spanCount, 1);
    assert.equal(result.rejectedSpans, 5);
    assert.equal(result.rejectionMessage, '5 spans rejected: span 0: trace id is zero');
    assert.deepEqual(spansOf(result.batch).map((s) => s.name), ['good']);
  });

  test('an empty request is an empty batch', () => {
    assert.deepEqual(decodeJaegerPostSpansRequest(new Uint8Array(0)), { ok: true, batch: { resourceSpans: [] }, spanCount: 0, rejectedSpans: 0, rejectionMessage: '' });
  });

  test('malformed input: truncation, overruns, wrong wire types, groups', () => {
    const bytes = Buffer.from(encodePostSpansRequest(REQUEST));
    for (let n = 1; n < bytes.length; n += 7) {
      const r = decodeJaegerPostSpansRequest(bytes.subarray(0, n));
      assert.equal(r.ok, false, `prefix ${n}`);
      if (!r.ok) assert.match(r.error, /truncated at byte \d+/);
    }
    // Batch field 1 sent as a varint.
    assert.deepEqual(decodeJaegerPostSpansRequest(Buffer.from([0x0a, 0x02, 0x08, 0x01])), {
      ok: false,
      error: 'Batch field 1 (spans) has wrong wire type varint, expected length-delimited (byte 3)',
    });
    // A start-group field.
    assert.match(JSON.stringify(decodeJaegerPostSpansRequest(Buffer.from([0x13, 0x14]))), /unsupported wire type start-group/);
    // A span whose declared length exceeds its batch.
    const r = decodeJaegerPostSpansRequest(Buffer.from([0x0a, 0x03, 0x0a, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00]));
    assert.match(!r.ok ? r.error : '', /runs past the end of its message/);
  });

  test('random bytes never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        assert.equal(typeof decodeJaegerPostSpansRequest(bytes).ok, 'boolean');
      }),
      { numRuns: 1000 },
    );
  });

  test('random requests encoded by protobufjs decode to the expected spans', () => {
    const nonZero = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).filter((b) => b.some((x) => x !== 0));
    const spanArb = fc.record({
      trace_id: nonZero(16),
      span_id: nonZero(8),
      operation_name: fc.string({ unit: 'grapheme', maxLength: 20 }),
      flags: fc.integer({ min: 0, max: 255 }),
      seconds: fc.integer({ min: 0, max: 4_000_000_000 }),
      nanos: fc.integer({ min: 0, max: 999_999_999 }),
      durationMicros: fc.integer({ min: 0, max: 10_000_000 }),
      strTag: fc.string({ maxLength: 10 }),
      intTag: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    });
    fc.assert(
      fc.property(fc.array(spanArb, { minLength: 1, maxLength: 4 }), (spans) => {
        const request = {
          batch: {
            process: { service_name: 'svc' },
            spans: spans.map((s) => ({
              trace_id: Buffer.from(s.trace_id),
              span_id: Buffer.from(s.span_id),
              operation_name: s.operation_name,
              flags: s.flags,
              start_time: { seconds: s.seconds, nanos: s.nanos },
              duration: { seconds: Math.floor(s.durationMicros / 1e6), nanos: (s.durationMicros % 1e6) * 1000 },
              tags: [{ key: 's', v_str: s.strTag }, { key: 'i', v_type: 2, v_int64: s.intTag.toString() }],
            })),
          },
        };
        const decoded = spansOf(ok(decodeJaegerPostSpansRequest(encodePostSpansRequest(request))).batch);
        assert.deepEqual(
          decoded.map((d) => [d.traceId, d.spanId, d.name, d.flags, d.startTimeUnixNano, d.endTimeUnixNano - d.startTimeUnixNano, d.attributes]),
          spans.map((s) => [
            Buffer.from(s.trace_id).toString('hex'),
            Buffer.from(s.span_id).toString('hex'),
            s.operation_name,
            s.flags,
            BigInt(s.seconds) * 1_000_000_000n + BigInt(s.nanos),
            BigInt(s.durationMicros) * 1000n,
            [attr('s', s.strTag), { key: 'i', value: { type: 'int', value: s.intTag } }],
          ]),
        );
        assert.equal(findAttribute(ok(decodeJaegerPostSpansRequest(encodePostSpansRequest(request))).batch.resourceSpans[0]!.resource.attributes, 'service.name')?.value, 'svc');
      }),
      { numRuns: 100 },
    );
  });
});
