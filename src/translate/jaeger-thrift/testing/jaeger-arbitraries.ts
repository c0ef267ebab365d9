/** fast-check arbitraries of jaeger.thrift batches for the decoder and transcoder tests: every tag type, the keys the
 * Jaeger rules read, references, logs, zero ids, and spans sharing trace ids. */
import fc from 'fast-check';
import { TagType, type ThriftBatch, type ThriftSpan, type ThriftTag } from './jaeger-thrift-writer.js';

export const i64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const text = fc.string({ unit: 'grapheme', maxLength: 40 });
export const tag: fc.Arbitrary<ThriftTag> = fc.oneof(
  fc.record({ key: fc.constantFrom('span.kind', 'error', 'http.status_code', 'otel.scope.name', 'event', 'k'), vType: fc.constant(TagType.STRING), vStr: fc.constantFrom('server', 'client', '500', 'x') }),
  fc.record({ key: text, vType: fc.constant(TagType.STRING), vStr: text }),
  fc.record({ key: text, vType: fc.constant(TagType.DOUBLE), vDouble: fc.double() }),
  fc.record({ key: fc.constantFrom('error', 'b'), vType: fc.constant(TagType.BOOL), vBool: fc.boolean() }),
  fc.record({ key: fc.constantFrom('http.status_code', 'n'), vType: fc.constant(TagType.LONG), vLong: fc.oneof(i64, fc.bigInt({ min: 0n, max: 2000n })) }),
  fc.record({ key: text, vType: fc.constant(TagType.BINARY), vBinary: fc.uint8Array({ maxLength: 10 }) }),
  fc.record({ key: text, vType: fc.integer({ min: 5, max: 9 }), vStr: text }),
);
export const span: fc.Arbitrary<ThriftSpan> = fc.record({
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
export const batch: fc.Arbitrary<ThriftBatch> = fc.record({
  process: fc.record({ serviceName: text, tags: fc.array(tag, { maxLength: 4 }) }),
  // Spans of one datagram usually share a trace: repeat some so the trace-id reuse is exercised.
  spans: fc.array(span, { maxLength: 6 }).map((spans) => spans.map((s, i) => (i % 2 === 1 ? { ...s, traceIdLow: spans[0]!.traceIdLow, traceIdHigh: spans[0]!.traceIdHigh } : s))),
  seqNo: fc.option(i64, { nil: undefined }),
});

