/**
 * The hand-written OTLP/protobuf encoder: read back by an independent decoder (protobufjs over the OTLP schema), and
 * the writer's shortcuts (length guesses that must be corrected, trace ids copied from earlier in the output, the JS
 * and native string paths) checked at their edges.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import protobuf from 'protobufjs';
import { SpanKind, StatusCode, type AnyValue, type Span, type TraceBatch } from '../../model/index.js';
import { decodeOtlpProtobuf } from './decode-protobuf.js';
import { encodeOtlpProtobuf } from './encode-protobuf.js';

// The OTLP trace messages (opentelemetry-proto v1), enough for protobufjs to decode what we write.
const SCHEMA = `
syntax = "proto3";
package otlp;
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; string name = 5;
  int32 kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8; repeated KeyValue attributes = 9;
  uint32 dropped_attributes_count = 10; repeated Event events = 11; uint32 dropped_events_count = 12;
  repeated Link links = 13; uint32 dropped_links_count = 14; Status status = 15; fixed32 flags = 16;
  message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
  message Link { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4; uint32 dropped_attributes_count = 5; fixed32 flags = 6; }
}
message Status { string message = 2; int32 code = 3; }
message KeyValue { string key = 1; AnyValue value = 2; }
message AnyValue {
  oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4;
    ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7; }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
`;
const Request = protobuf.parse(SCHEMA, { keepCase: true }).root.lookupType('otlp.ExportTraceServiceRequest');

interface Decoded {
  resource_spans: Array<{ scope_spans: Array<{ spans: Array<Record<string, unknown>> }> }>;
}
const readBack = (bytes: Uint8Array): Decoded =>
  Request.toObject(Request.decode(Buffer.from(bytes)), { longs: String, bytes: Buffer, defaults: false }) as Decoded;

function span(i: number, overrides: Partial<Span> = {}): Span {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: (i + 1).toString(16).padStart(16, '0'),
    parentSpanId: i === 0 ? '' : '0000000000000001',
    traceState: '',
    flags: 1,
    name: 'op',
    kind: SpanKind.SERVER,
    startTimeUnixNano: 1_700_000_000_000_000_000n + BigInt(i),
    endTimeUnixNano: 1_700_000_000_001_000_000n,
    attributes: [],
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: { code: StatusCode.UNSET, message: '' },
    ...overrides,
  };
}

function batchOf(spans: Span[], resourceAttributes: TraceBatch['resourceSpans'][number]['resource']['attributes'] = []): TraceBatch {
  return {
    resourceSpans: [
      {
        resource: { attributes: resourceAttributes, droppedAttributesCount: 0 },
        scopeSpans: [{ scope: { name: 'lib', version: '1', attributes: [], droppedAttributesCount: 0 }, spans, schemaUrl: '' }],
        schemaUrl: '',
      },
    ],
  };
}

function roundTrips(batch: TraceBatch): void {
  const r = decodeOtlpProtobuf(encodeOtlpProtobuf(batch));
  assert.ok(r.ok, r.ok ? '' : r.error);
  assert.deepEqual(r.batch, batch);
}

describe('encodeOtlpProtobuf', () => {
  test('protobufjs reads ids, times, kind, flags, status and typed attributes back', () => {
    const s = span(0, {
      attributes: [
        { key: 'http.method', value: { type: 'string', value: 'GET' } },
        { key: 'retries', value: { type: 'int', value: -3n } },
        { key: 'big', value: { type: 'int', value: 2n ** 62n } },
        { key: 'ratio', value: { type: 'double', value: 0.25 } },
        { key: 'ok', value: { type: 'bool', value: true } },
      ],
      status: { code: StatusCode.ERROR, message: 'boom' },
      flags: 0x301,
    });
    const out = readBack(encodeOtlpProtobuf(batchOf([s])));
    const got = out.resource_spans[0]!.scope_spans[0]!.spans[0]!;
    assert.equal((got['trace_id'] as Buffer).toString('hex'), s.traceId);
    assert.equal((got['span_id'] as Buffer).toString('hex'), s.spanId);
    assert.equal(got['start_time_unix_nano'], String(s.startTimeUnixNano));
    assert.equal(got['kind'], SpanKind.SERVER);
    assert.equal(got['flags'], 0x301);
    assert.deepEqual(got['status'], { message: 'boom', code: StatusCode.ERROR });
    assert.deepEqual(got['attributes'], [
      { key: 'http.method', value: { string_value: 'GET' } },
      { key: 'retries', value: { int_value: '-3' } },
      { key: 'big', value: { int_value: String(2n ** 62n) } },
      { key: 'ratio', value: { double_value: 0.25 } },
      { key: 'ok', value: { bool_value: true } },
    ]);
  });

  test('spans sharing a trace id keep it when earlier messages were moved to fix their length prefix', () => {
    // Small spans (< 128 B) shrink their guessed 2-byte prefix to 1, moving the trace id written inside them; the next
    // span copies that id from the output, so it must follow the move.
    const spans = Array.from({ length: 5 }, (_, i) => span(i));
    spans[2] = span(2, { traceId: 'ffffffffffffffffffffffffffffffff' });
    roundTrips(batchOf(spans));
    const out = readBack(encodeOtlpProtobuf(batchOf(spans)));
    const ids = out.resource_spans[0]!.scope_spans[0]!.spans.map((x) => (x['trace_id'] as Buffer).toString('hex'));
    assert.deepEqual(ids, spans.map((x) => x.traceId));
  });

  test('length prefixes longer and shorter than guessed (1 to 4 bytes)', () => {
    const long = (n: number): AnyValue => ({ type: 'string', value: 'x'.repeat(n) });
    roundTrips(batchOf([span(0, { attributes: [{ key: 'k', value: long(127) }, { key: 'k', value: long(128) }, { key: 'k', value: long(20_000) }] })]));
    // A resource group above 2 MiB needs a 4-byte prefix where 3 were reserved.
    roundTrips(batchOf([span(0, { attributes: [{ key: 'huge', value: long(2_200_000) }] }), span(1)]));
  });

  test('strings are UTF-8 as Buffer writes it, on both sides of the native-writer threshold', () => {
    const texts = ['', 'a', 'é', '€', '😀', 'a\ud800b', '\udc00', 'x\ud83d', 'ascii only, twenty-three', 'ünïcødé text longer than the JS loop 🚀', '\ud800'.repeat(30)];
    for (const t of texts) {
      const r = decodeOtlpProtobuf(encodeOtlpProtobuf(batchOf([span(0, { name: t, attributes: [{ key: t, value: { type: 'string', value: t } }] })])));
      assert.ok(r.ok);
      const got = r.batch.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
      const expected = Buffer.from(t, 'utf8').toString('utf8');
      assert.equal(got.name, expected, JSON.stringify(t));
      assert.deepEqual(got.attributes, t === '' ? [{ key: '', value: { type: 'string', value: '' } }] : [{ key: expected, value: { type: 'string', value: expected } }]);
    }
  });

  test('string attributes on both sides of the one-byte-length shortcut (ASCII, ≤ 121 bytes of key and value)', () => {
    const attributes = [
      { key: 'k'.repeat(60), value: 'v'.repeat(61) }, // 121: the shortcut
      { key: 'k'.repeat(60), value: 'v'.repeat(62) }, // 122: general path, 2-byte lengths
      { key: 'ascii', value: 'ünïcødé' },
      { key: 'ключ', value: 'ascii' },
      { key: '', value: 'empty key' },
      { key: 'empty value', value: '' },
    ].map(({ key, value }) => ({ key, value: { type: 'string' as const, value } }));
    roundTrips(batchOf([span(0, { attributes })]));
    const got = readBack(encodeOtlpProtobuf(batchOf([span(0, { attributes })]))).resource_spans[0]!.scope_spans[0]!.spans[0]!;
    assert.deepEqual(
      got['attributes'],
      attributes.map((a) => (a.key === '' ? { value: { string_value: a.value.value } } : { key: a.key, value: { string_value: a.value.value } })),
    );
  });

  test('int64 values around the safe-integer and sign boundaries', () => {
    const values = [0n, 1n, -1n, 127n, 128n, -(2n ** 32n), 2n ** 32n - 1n, 2n ** 53n - 1n, 2n ** 53n, -(2n ** 53n) + 1n, -(2n ** 53n), -(2n ** 63n), 2n ** 63n - 1n];
    roundTrips(batchOf([span(0, { attributes: values.map((v) => ({ key: String(v), value: { type: 'int', value: v } })) })]));
  });

  test('ids that are not lowercase hex', () => {
    const r = decodeOtlpProtobuf(encodeOtlpProtobuf(batchOf([span(0, { traceId: '0AF7651916CD43DD8448EB211C80319C' })])));
    assert.ok(r.ok);
    assert.equal(r.batch.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.traceId, '0af7651916cd43dd8448eb211c80319c');
  });

  test('consecutive encodings do not share output bytes', () => {
    const a = encodeOtlpProtobuf(batchOf([span(0)]));
    const copy = Buffer.from(a);
    encodeOtlpProtobuf(batchOf([span(1, { traceId: 'ffffffffffffffffffffffffffffffff' })]));
    assert.deepEqual(Buffer.from(a), copy);
  });
});
