import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringValue, type AnyValue, type KeyValue, type Span, type SpanKind, type StatusCode, type TraceBatch } from '../../model/index.js';
import type { TraceQuery } from '../api/index.js';
import { spanMatchesQuery } from '../query-match/index.js';
import { makeEvent, makeLink, makeSpan } from '../conformance/index.js';
import { decodeOtlpProtobuf, encodeOtlpProtobuf } from '../../translate/otlp/index.js';
import { createMemoryStore } from './index.js';

// A small vocabulary so that random filters often hit; the long key is stored inline instead of by dictionary id.
const LONG_KEY = 'k.' + 'x'.repeat(140);
const KEYS = ['k1', 'k2', 'error', LONG_KEY];
// Too long for the value dictionary: stored inline, so both string encodings meet the filters.
const LONG_VALUE = 'v'.repeat(140);
const VALUES: AnyValue[] = [
  stringValue('a'),
  stringValue(LONG_VALUE),
  stringValue('b'),
  stringValue('true'),
  { type: 'int', value: 1n },
  { type: 'int', value: 2n },
  { type: 'bool', value: true },
  { type: 'bool', value: false },
  { type: 'double', value: 1.5 },
  { type: 'int', value: -3n },
  stringValue('é'),
];
const FILTER_KEYS = [...KEYS, 'error', 'span.kind', 'span.status', 'scope.name', 'scope.version', 'resource.k1', 'resource.k2', 'otel.status_code'];
const FILTER_VALUES = ['a', LONG_VALUE, 'b', '1', '2', '-3', 'é', 'true', 'false', '1.5', 'server', 'client', 'ERROR', 'OK', 'UNSET', 'lib-a', '1.0'];
const TRACE_IDS = ['0af7651916cd43dd8448eb211c80319c', '0af7651916cd43dd8448eb211c80319d', '0af7651916cd43dd8448eb211c80319e'];
const BASE = 1_700_000_000_000_000_000n;

const attributes: fc.Arbitrary<KeyValue[]> = fc.array(
  fc.record({ key: fc.constantFrom(...KEYS), value: fc.constantFrom(...VALUES) }),
  { maxLength: 3 },
);

const span: fc.Arbitrary<Span> = fc
  .record({
    traceId: fc.constantFrom(...TRACE_IDS),
    name: fc.constantFrom('op-a', 'op-b'),
    kind: fc.integer({ min: 0, max: 5 }),
    start: fc.integer({ min: 0, max: 20 }),
    duration: fc.integer({ min: 0, max: 20 }),
    status: fc.integer({ min: 0, max: 2 }),
    attributes,
    event: fc.option(attributes),
    link: fc.option(attributes),
  })
  .map((r) =>
    makeSpan({
      traceId: r.traceId,
      spanId: '00000000000000' + r.start.toString(16).padStart(2, '0'),
      name: r.name,
      kind: r.kind as SpanKind,
      start: BASE + BigInt(r.start),
      duration: BigInt(r.duration),
      status: r.status as StatusCode,
      attributes: r.attributes,
      events: r.event === null ? [] : [makeEvent(BASE, 'e', r.event)],
      links: r.link === null ? [] : [makeLink(TRACE_IDS[0]!, '0000000000000001', r.link)],
    }),
  );

const batch: fc.Arbitrary<TraceBatch> = fc
  .array(
    fc.record({
      service: fc.constantFrom('svc-a', 'svc-b'),
      resource: attributes,
      scope: fc.record({ name: fc.constantFrom('lib-a', 'lib-b'), version: fc.constantFrom('1.0', '2.0'), attributes }),
      spans: fc.array(span, { minLength: 1, maxLength: 4 }),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((groups) => ({
    resourceSpans: groups.map((g) => ({
      resource: { attributes: [{ key: 'service.name', value: stringValue(g.service) }, ...g.resource], droppedAttributesCount: 0 },
      scopeSpans: [{ scope: { ...g.scope, droppedAttributesCount: 0 }, spans: g.spans, schemaUrl: '' }],
      schemaUrl: '',
    })),
  }));

// Bounds are left open two times in three, so that queries often find something.
const bound = fc.oneof(fc.constant(null), fc.constant(null), fc.integer({ min: 0, max: 20 }).map(BigInt));
const query: fc.Arbitrary<TraceQuery> = fc
  .record({
    serviceName: fc.constantFrom('', 'svc-a', 'svc-b', 'svc-c'),
    operationName: fc.constantFrom('', 'op-a', 'op-b'),
    attributes: fc.array(fc.record({ key: fc.constantFrom(...FILTER_KEYS), value: fc.constantFrom(...FILTER_VALUES) }), { maxLength: 2 }),
    startTimeMin: bound,
    startTimeMax: bound,
    durationMin: bound,
    durationMax: bound,
  })
  .map((q) => ({
    ...q,
    startTimeMin: q.startTimeMin === null ? undefined : BASE + q.startTimeMin,
    startTimeMax: q.startTimeMax === null ? undefined : BASE + q.startTimeMax,
    durationMin: q.durationMin ?? undefined,
    durationMax: q.durationMax ?? undefined,
    searchDepth: 100,
  }));

function expectedIds(batches: readonly TraceBatch[], q: TraceQuery): string[] {
  const ids = new Set<string>();
  for (const b of batches) {
    for (const rs of b.resourceSpans) {
      for (const ss of rs.scopeSpans) {
        for (const s of ss.spans) if (spanMatchesQuery(q, s, rs.resource, ss.scope)) ids.add(s.traceId);
      }
    }
  }
  return [...ids].sort();
}

/** The batch as an OTLP/protobuf receiver hands it over: decoded from its encoding, carrying the received bytes. */
function received(b: TraceBatch): TraceBatch {
  const decoded = decodeOtlpProtobuf(encodeOtlpProtobuf(b));
  assert.ok(decoded.ok);
  return decoded.batch;
}

test('memory store searches agree with the reference span semantics (query-match), in both stored forms', async () => {
  let nonEmpty = 0;
  const asReceived = fc.array(fc.boolean(), { minLength: 3, maxLength: 3 });
  await fc.assert(
    fc.asyncProperty(fc.array(batch, { minLength: 1, maxLength: 3 }), fc.array(query, { minLength: 1, maxLength: 8 }), asReceived, async (batches, queries, wire) => {
      const store = createMemoryStore({ maxTraces: 10 });
      // (A received batch lacks spans the OTLP decoder rejects, e.g. the all-zero span id: expect what was written.)
      const written = batches.map((b, i) => (wire[i] ? received(b) : b));
      for (const b of written) await store.writer.writeTraces(b);
      for (const q of queries) {
        const want = expectedIds(written, q);
        if (want.length > 0) nonEmpty++;
        const got = (await store.reader.findTraceIds(q)).map((f) => f.traceId).sort();
        assert.deepEqual(got, want, JSON.stringify(q, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
      }
      await store.close();
    }),
    { numRuns: 300 },
  );
  assert.ok(nonEmpty > 100, `the generated queries found something often enough (${nonEmpty})`);
});
