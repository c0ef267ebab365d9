/** Property-based tests (fast-check): arbitrary models round-trip; arbitrary or damaged input never throws. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bytesToHex } from '../../model/index.js';
import type {
  AnyValue,
  KeyValue,
  ResourceSpans,
  ScopeSpans,
  Span,
  SpanEvent,
  SpanKind,
  SpanLink,
  StatusCode,
  TraceBatch,
} from '../../model/index.js';
import { decodeOtlpJson } from './decode-json.js';
import { decodeOtlpProtobuf } from './decode-protobuf.js';
import type { OtlpDecodeResult } from './decode-result.js';
import { encodeOtlpJson } from './encode-json.js';
import { encodeOtlpProtobuf } from './encode-protobuf.js';

const RUNS = 100;

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
const batch: fc.Arbitrary<TraceBatch> = rec({ resourceSpans: fc.array(resourceSpans, { maxLength: 2 }) });

function countSpans(b: TraceBatch): number {
  let n = 0;
  for (const rs of b.resourceSpans) for (const ss of rs.scopeSpans) n += ss.spans.length;
  return n;
}

/** A result of the documented shape, whatever the input. */
function assertWellFormed(r: OtlpDecodeResult): void {
  if (r.ok) {
    assert.equal(typeof r.spanCount, 'number');
    assert.equal(countSpans(r.batch), r.spanCount);
  } else {
    assert.equal(typeof r.error, 'string');
    assert.ok(r.error.length > 0);
  }
}

describe('codec properties', () => {
  test('arbitrary models round-trip through protobuf', () => {
    fc.assert(
      fc.property(batch, (b) => {
        assert.deepEqual(decodeOtlpProtobuf(encodeOtlpProtobuf(b)), {
          ok: true,
          batch: b,
          spanCount: countSpans(b),
          rejectedSpans: 0,
          rejectionMessage: '',
        });
      }),
      { numRuns: RUNS },
    );
  });

  test('arbitrary models round-trip through JSON', () => {
    fc.assert(
      fc.property(batch, (b) => {
        assert.deepEqual(decodeOtlpJson(JSON.stringify(encodeOtlpJson(b))), {
          ok: true,
          batch: b,
          spanCount: countSpans(b),
          rejectedSpans: 0,
          rejectionMessage: '',
        });
      }),
      { numRuns: RUNS },
    );
  });

  test('arbitrary bytes never make the protobuf decoder throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => assertWellFormed(decodeOtlpProtobuf(bytes))),
      { numRuns: 2000 },
    );
  });

  test('truncated and corrupted valid requests never make the protobuf decoder throw', () => {
    fc.assert(
      fc.property(batch, fc.nat(), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { maxLength: 4 }), (b, cut, flips) => {
        const bytes = encodeOtlpProtobuf(b);
        assertWellFormed(decodeOtlpProtobuf(bytes.subarray(0, bytes.length === 0 ? 0 : cut % bytes.length)));
        const corrupted = bytes.slice();
        for (const [at, value] of flips) if (corrupted.length > 0) corrupted[at % corrupted.length] = value;
        assertWellFormed(decodeOtlpProtobuf(corrupted));
      }),
      { numRuns: RUNS },
    );
  });

  test('random JSON never makes the JSON decoder throw', () => {
    fc.assert(fc.property(fc.json(), (j) => assertWellFormed(decodeOtlpJson(j))), { numRuns: 1000 });
    fc.assert(fc.property(fc.string(), (s) => assertWellFormed(decodeOtlpJson(s))), { numRuns: 300 });
  });

  test('random values in every position of a valid JSON request never make it throw', () => {
    const value = fc.jsonValue({ maxDepth: 2, depthSize: 'xsmall' });
    const spanKeys = ['traceId', 'spanId', 'parentSpanId', 'name', 'kind', 'startTimeUnixNano', 'attributes', 'events', 'links', 'status', 'flags'];
    const jsonSpan = fc.dictionary(fc.constantFrom(...spanKeys), value, { maxKeys: 4 });
    const few = { maxLength: 2 };
    const body = fc.oneof(
      fc.record({ resourceSpans: value }),
      fc.record({ resourceSpans: fc.array(fc.record({ resource: value, scopeSpans: value }), few) }),
      fc.record({
        resourceSpans: fc.array(fc.record({ scopeSpans: fc.array(fc.record({ scope: value, spans: fc.array(jsonSpan, few) }), few) }), few),
      }),
    );
    fc.assert(fc.property(body, (b) => assertWellFormed(decodeOtlpJson(JSON.stringify(b)))), { numRuns: 500 });
  });
});
