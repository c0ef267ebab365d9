import { test } from 'node:test';
import fc from 'fast-check';
import {
  attachSpanWire,
  concatSpanWires,
  type AnyValue,
  type KeyValue,
  type ResourceSpans,
  type Span,
  type StatusCode,
  type SpanKind,
  type TraceBatch,
} from '../../model/index.js';
import { decodeOtlpProtobuf, encodeOtlpProtobuf } from '../../translate/otlp/index.js';
import { assertSameSpans, collect } from '../conformance/index.js';
import { createMemoryStore } from './index.js';

const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const text = fc.string({ unit: 'binary', maxLength: 40 });
const hexId = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Buffer.from(b).toString('hex'));
/** Mostly canonical ids, sometimes anything a lenient decoder might let through. */
const spanId = fc.oneof({ weight: 5, arbitrary: hexId(8) }, { weight: 1, arbitrary: text });

const { value: anyValue } = fc.letrec<{ value: AnyValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text.map((v): AnyValue => ({ type: 'string', value: v })),
    fc.boolean().map((v): AnyValue => ({ type: 'bool', value: v })),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((v): AnyValue => ({ type: 'int', value: v })),
    fc.integer({ min: -1000, max: 1000 }).map((v): AnyValue => ({ type: 'int', value: BigInt(v) })),
    fc.double().map((v): AnyValue => ({ type: 'double', value: v })),
    fc.uint8Array({ maxLength: 20 }).map((v): AnyValue => ({ type: 'bytes', value: v })),
    fc.constant<AnyValue>({ type: 'empty', value: null }),
    fc.array(tie('value'), { maxLength: 3 }).map((v): AnyValue => ({ type: 'array', value: v })),
    fc.array(fc.record({ key: text, value: tie('value') }), { maxLength: 3 }).map((v): AnyValue => ({ type: 'kvlist', value: v })),
  ),
}));

const attributes = fc.array(fc.record({ key: fc.oneof(fc.constantFrom('http.method', 'k'), text), value: anyValue }), { maxLength: 5 }) as fc.Arbitrary<KeyValue[]>;

const span = (traceIds: string[]) =>
  fc.record({
    traceId: fc.constantFrom(...traceIds),
    spanId,
    parentSpanId: fc.oneof(fc.constant(''), spanId),
    traceState: text,
    flags: u32,
    name: text,
    kind: fc.integer({ min: 0, max: 5 }).map((k) => k as SpanKind),
    startTimeUnixNano: u64,
    endTimeUnixNano: u64,
    attributes,
    droppedAttributesCount: u32,
    events: fc.array(fc.record({ timeUnixNano: u64, name: text, attributes, droppedAttributesCount: u32 }), { maxLength: 2 }),
    droppedEventsCount: u32,
    links: fc.array(
      fc.record({ traceId: fc.oneof(hexId(16), text), spanId, traceState: text, attributes, droppedAttributesCount: u32, flags: u32 }),
      { maxLength: 2 },
    ),
    droppedLinksCount: u32,
    status: fc.record({ code: fc.integer({ min: 0, max: 2 }).map((c) => c as StatusCode), message: text }),
  }) as fc.Arbitrary<Span>;

const batch = (traceIds: string[]): fc.Arbitrary<TraceBatch> =>
  fc
    .array(
      fc.record({
        resource: fc.record({ attributes, droppedAttributesCount: u32 }),
        scopeSpans: fc.array(
          fc.record({
            scope: fc.record({ name: text, version: text, attributes, droppedAttributesCount: u32 }),
            spans: fc.array(span(traceIds), { minLength: 1, maxLength: 3 }),
            schemaUrl: text,
          }),
          { minLength: 1, maxLength: 2 },
        ),
        schemaUrl: text,
      }) as fc.Arbitrary<ResourceSpans>,
      { minLength: 1, maxLength: 3 },
    )
    .map((resourceSpans) => ({ resourceSpans }));

test('every span, value and id round-trips through the memory store exactly', async () => {
  const traceIds = ['0af7651916cd43dd8448eb211c80319c', 'ffffffffffffffffffffffffffffffff', '00000000000000000000000000000001'];
  await fc.assert(
    fc.asyncProperty(fc.array(batch(traceIds), { minLength: 1, maxLength: 3 }), async (batches) => {
      const store = createMemoryStore({ maxTraces: 10 });
      for (const b of batches) await store.writer.writeTraces(b);
      const got = await collect(store.reader.getTraces(traceIds.map((traceId) => ({ traceId }))));
      await store.close();
      assertSameSpans(got, batches);
    }),
    { numRuns: 150 },
  );
});

test('spans stored as received (OTLP/protobuf bytes) read back exactly as they were decoded', async () => {
  const traceIds = ['0af7651916cd43dd8448eb211c80319c', 'ffffffffffffffffffffffffffffffff', '00000000000000000000000000000001'];
  await fc.assert(
    fc.asyncProperty(fc.array(batch(traceIds), { minLength: 1, maxLength: 3 }), fc.boolean(), async (batches, merge) => {
      const decoded: TraceBatch[] = [];
      for (const b of batches) {
        const r = decodeOtlpProtobuf(encodeOtlpProtobuf(b));
        if (r.ok && r.spanCount > 0) decoded.push(r.batch);
      }
      const store = createMemoryStore({ maxTraces: 10 });
      if (merge && decoded.length > 1) {
        // As the pipeline merges queued batches into one write.
        const merged: TraceBatch = { resourceSpans: decoded.flatMap((b) => b.resourceSpans) };
        attachSpanWire(merged, concatSpanWires(decoded)!);
        await store.writer.writeTraces(merged);
      } else {
        for (const b of decoded) await store.writer.writeTraces(b);
      }
      const got = await collect(store.reader.getTraces(traceIds.map((traceId) => ({ traceId }))));
      await store.close();
      assertSameSpans(got, decoded);
    }),
    { numRuns: 150 },
  );
});
