/**
 * fast-check arbitraries of the span model, for property tests: every field drawn over its whole range (ids valid and
 * non-zero, so the OTLP decoders accept every span), small lists. Test support only.
 */
import fc from 'fast-check';
import { bytesToHex } from '../../model/index.js';
import type { AnyValue, KeyValue, ResourceSpans, ScopeSpans, Span, SpanEvent, SpanKind, SpanLink, StatusCode, TraceBatch } from '../../model/index.js';

/** fc.record with ordinary prototypes, so decoded objects compare deep-equal. */
function rec<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true }) as fc.Arbitrary<T>;
}

const id = (bytes: number): fc.Arbitrary<string> =>
  fc.uint8Array({ minLength: bytes, maxLength: bytes }).filter((b) => b.some((x) => x !== 0)).map((b) => bytesToHex(b));
const text = fc.string({ unit: 'binary', maxLength: 12 });
const u32 = fc.nat({ max: 0xffffffff });
const nanos = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });

const { value: anyValue } = fc.letrec<{ value: AnyValue; keyValue: KeyValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    rec({ type: fc.constant('string' as const), value: text }),
    rec({ type: fc.constant('bool' as const), value: fc.boolean() }),
    rec({ type: fc.constant('int' as const), value: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }) }),
    rec({ type: fc.constant('double' as const), value: fc.double() }),
    rec({ type: fc.constant('bytes' as const), value: fc.uint8Array({ maxLength: 8 }) }),
    rec({ type: fc.constant('empty' as const), value: fc.constant(null) }),
    rec({ type: fc.constant('array' as const), value: fc.array(tie('value'), { maxLength: 3 }) }),
    rec({ type: fc.constant('kvlist' as const), value: fc.array(tie('keyValue'), { maxLength: 3 }) }),
  ) as fc.Arbitrary<AnyValue>,
  keyValue: rec({ key: text, value: tie('value') }) as fc.Arbitrary<KeyValue>,
}));
const attributes = fc.array(rec({ key: text, value: anyValue }), { maxLength: 4 });

const event: fc.Arbitrary<SpanEvent> = rec({ timeUnixNano: nanos, name: text, attributes, droppedAttributesCount: u32 });
const link: fc.Arbitrary<SpanLink> = rec({
  traceId: id(16),
  spanId: id(8),
  traceState: text,
  attributes,
  droppedAttributesCount: u32,
  flags: u32,
});
const span: fc.Arbitrary<Span> = rec({
  traceId: id(16),
  spanId: id(8),
  parentSpanId: fc.oneof(fc.constant(''), id(8)),
  traceState: text,
  flags: u32,
  name: text,
  kind: fc.integer({ min: 0, max: 5 }).map((k) => k as SpanKind),
  startTimeUnixNano: nanos,
  endTimeUnixNano: nanos,
  attributes,
  droppedAttributesCount: u32,
  events: fc.array(event, { maxLength: 2 }),
  droppedEventsCount: u32,
  links: fc.array(link, { maxLength: 2 }),
  droppedLinksCount: u32,
  status: rec({ code: fc.integer({ min: 0, max: 2 }).map((c) => c as StatusCode), message: text }),
});
const scopeSpans: fc.Arbitrary<ScopeSpans> = rec({
  scope: rec({ name: text, version: text, attributes, droppedAttributesCount: u32 }),
  spans: fc.array(span, { maxLength: 3 }),
  schemaUrl: text,
});
const resourceSpans: fc.Arbitrary<ResourceSpans> = rec({
  resource: rec({ attributes, droppedAttributesCount: u32 }),
  scopeSpans: fc.array(scopeSpans, { maxLength: 2 }),
  schemaUrl: text,
});
export const arbitraryBatch: fc.Arbitrary<TraceBatch> = rec({ resourceSpans: fc.array(resourceSpans, { maxLength: 2 }) });

