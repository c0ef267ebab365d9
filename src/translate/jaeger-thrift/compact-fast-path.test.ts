/**
 * The compact fast path must take the datagrams clients send and give exactly what the generic decoder gives; for
 * everything else it must step aside (undefined) so the generic decoder answers.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readCompactEmitBatch } from './compact-fast-path.js';
import { decodeCompactGeneric } from './decode-jaeger-thrift.js';
import { TagType, encodeEmitBatch, type ThriftBatch, type ThriftSpan, type ThriftTag } from './testing/jaeger-thrift-writer.js';
import { T, thrift, writeWith } from './testing/thrift-library.js';

const i64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const tag: fc.Arbitrary<ThriftTag> = fc.oneof(
  fc.record({ key: fc.constantFrom('span.kind', 'error', 'http.status_code', 'otel.scope.name', 'event', 'k'), vType: fc.constant(TagType.STRING), vStr: fc.constantFrom('server', 'client', '500', 'x') }),
  fc.record({ key: text, vType: fc.constant(TagType.STRING), vStr: text }),
  fc.record({ key: text, vType: fc.constant(TagType.DOUBLE), vDouble: fc.double() }),
  fc.record({ key: fc.constantFrom('error', 'b'), vType: fc.constant(TagType.BOOL), vBool: fc.boolean() }),
  fc.record({ key: fc.constantFrom('http.status_code', 'n'), vType: fc.constant(TagType.LONG), vLong: fc.oneof(i64, fc.bigInt({ min: 0n, max: 2000n })) }),
  fc.record({ key: text, vType: fc.constant(TagType.BINARY), vBinary: fc.uint8Array({ maxLength: 10 }) }),
  fc.record({ key: text, vType: fc.integer({ min: 5, max: 9 }), vStr: text }),
);
const span: fc.Arbitrary<ThriftSpan> = fc.record({
  traceIdLow: fc.oneof(i64, fc.constant(0n)),
  traceIdHigh: fc.oneof(i64, fc.constant(0n)),
  spanId: fc.oneof(i64, fc.constant(0n)),
  parentSpanId: fc.oneof(i64, fc.constant(0n)),
  operationName: text,
  flags: fc.integer({ min: -1, max: 1000 }),
  startTime: fc.oneof(i64, fc.bigInt({ min: 1_600_000_000_000_000n, max: 1_800_000_000_000_000n })),
  duration: fc.oneof(i64, fc.bigInt({ min: 0n, max: 10_000_000n })),
  tags: fc.array(tag, { maxLength: 8 }),
  logs: fc.array(fc.record({ timestamp: i64, fields: fc.array(tag, { maxLength: 3 }) }), { maxLength: 2 }),
  references: fc.option(fc.array(fc.record({ refType: fc.integer({ min: 0, max: 2 }), traceIdLow: i64, traceIdHigh: i64, spanId: i64 }), { maxLength: 2 }), { nil: undefined }),
});
const batch: fc.Arbitrary<ThriftBatch> = fc.record({
  process: fc.record({ serviceName: text, tags: fc.array(tag, { maxLength: 4 }) }),
  // Spans of one datagram usually share a trace: repeat some so the trace-id reuse is exercised.
  spans: fc.array(span, { maxLength: 6 }).map((spans) => spans.map((s, i) => (i % 2 === 1 ? { ...s, traceIdLow: spans[0]!.traceIdLow, traceIdHigh: spans[0]!.traceIdHigh } : s))),
  seqNo: fc.option(i64, { nil: undefined }),
});

describe('compact fast path', () => {
  test('random batches written by the thrift library: handled, and equal to the generic decoder', () => {
    fc.assert(
      fc.property(batch, fc.constantFrom(4, 1), fc.nat({ max: 1000 }), (b, type, seqid) => {
        const bytes = encodeEmitBatch(b, 'compact', { type, seqid });
        const fast = readCompactEmitBatch(bytes);
        assert.ok(fast !== undefined, 'the fast path handles what the thrift library writes');
        assert.deepEqual(fast, decodeCompactGeneric(bytes));
      }),
      { numRuns: 300 },
    );
  });

  test("client stats (Go clients' field 4) are skipped, not a reason to step aside", () => {
    const sample: ThriftBatch = { process: { serviceName: 'svc' }, spans: [{ traceIdLow: 1n, traceIdHigh: 0n, spanId: 2n, parentSpanId: 0n, operationName: 'op', flags: 1, startTime: 1n, duration: 1n }] };
    const bytes = writeWith('compact', (p) => {
      p.writeMessageBegin('emitBatch', 4, 0);
      p.writeStructBegin('emitBatch_args');
      p.writeFieldBegin('batch', T.STRUCT, 1);
      p.writeStructBegin('Batch');
      p.writeFieldBegin('process', T.STRUCT, 1);
      p.writeStructBegin('Process');
      p.writeFieldBegin('serviceName', T.STRING, 1);
      p.writeString('svc');
      p.writeFieldEnd();
      p.writeFieldStop();
      p.writeStructEnd();
      p.writeFieldEnd();
      p.writeFieldBegin('seqNo', T.I64, 3);
      p.writeI64(thrift.fromBigInt(7n));
      p.writeFieldEnd();
      p.writeFieldBegin('stats', T.STRUCT, 4);
      p.writeStructBegin('ClientStats');
      for (const id of [1, 2, 3]) {
        p.writeFieldBegin('n', T.I64, id);
        p.writeI64(thrift.fromBigInt(BigInt(id)));
        p.writeFieldEnd();
      }
      p.writeFieldStop();
      p.writeStructEnd();
      p.writeFieldEnd();
      p.writeFieldStop();
      p.writeStructEnd();
      p.writeFieldEnd();
      p.writeFieldStop();
      p.writeStructEnd();
      p.writeMessageEnd();
    });
    const fast = readCompactEmitBatch(bytes);
    assert.ok(fast?.ok);
    assert.equal(fast.spanCount, 0);
    assert.deepEqual(fast, decodeCompactGeneric(bytes));
    assert.ok(readCompactEmitBatch(encodeEmitBatch(sample, 'compact'))?.ok);
  });

  test('steps aside for input it does not handle', () => {
    const good = encodeEmitBatch({ process: { serviceName: 'svc' }, spans: [] }, 'compact');
    assert.equal(readCompactEmitBatch(good.subarray(0, good.length - 1)), undefined, 'truncated');
    assert.equal(readCompactEmitBatch(encodeEmitBatch({ process: { serviceName: 'svc' }, spans: [] }, 'compact', { method: 'emitZipkinBatch' })), undefined);
    assert.equal(readCompactEmitBatch(encodeEmitBatch({ process: { serviceName: 'svc' }, spans: [] }, 'binary')), undefined);
    assert.equal(readCompactEmitBatch(Buffer.alloc(0)), undefined);
    // An unknown Span field (id 20): the generic decoder skips it.
    const withUnknown = writeWith('compact', (p) => {
      p.writeMessageBegin('emitBatch', 4, 0);
      p.writeStructBegin('a');
      p.writeFieldBegin('batch', T.STRUCT, 1);
      p.writeStructBegin('Batch');
      p.writeFieldBegin('spans', T.LIST, 2);
      p.writeListBegin(T.STRUCT, 1);
      p.writeStructBegin('Span');
      p.writeFieldBegin('traceIdLow', T.I64, 1);
      p.writeI64(thrift.fromBigInt(5n));
      p.writeFieldEnd();
      p.writeFieldBegin('spanId', T.I64, 3);
      p.writeI64(thrift.fromBigInt(6n));
      p.writeFieldEnd();
      p.writeFieldBegin('future', T.LIST, 20);
      p.writeListBegin(T.STRING, 1);
      p.writeString('x');
      p.writeListEnd();
      p.writeFieldEnd();
      p.writeFieldStop();
      p.writeStructEnd();
      p.writeListEnd();
      p.writeFieldEnd();
      p.writeFieldStop();
      p.writeStructEnd();
      p.writeFieldEnd();
      p.writeFieldStop();
      p.writeStructEnd();
      p.writeMessageEnd();
    });
    assert.equal(readCompactEmitBatch(withUnknown), undefined);
    const generic = decodeCompactGeneric(withUnknown);
    assert.ok(generic.ok && generic.spanCount === 1);
  });
});
