import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeOtlpJson } from './decode-json.js';
import type { Span, TraceBatch } from '../../model/index.js';

const FIXTURES = '/work/shared/conformance/jaeger-storage-fixtures/traces';
const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';

function oneSpan(span: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    resourceSpans: [{ resource: {}, scopeSpans: [{ scope: {}, spans: [{ traceId: TRACE_ID, spanId: SPAN_ID, ...span }] }], ...extra }],
  });
}

function firstSpan(body: string): Span {
  const r = decodeOtlpJson(body);
  assert.ok(r.ok, r.ok ? '' : r.error);
  const span = r.batch.resourceSpans[0]?.scopeSpans[0]?.spans[0];
  assert.ok(span);
  return span;
}

describe('decodeOtlpJson', () => {
  test('decodes every field into the exact model', () => {
    const body = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }], droppedAttributesCount: 1 },
          schemaUrl: 'https://opentelemetry.io/schemas/1.21.0',
          scopeSpans: [
            {
              scope: { name: 'lib', version: '1.2', attributes: [{ key: 's', value: { boolValue: true } }] },
              schemaUrl: 'scope-schema',
              spans: [
                {
                  traceId: TRACE_ID,
                  spanId: SPAN_ID,
                  parentSpanId: '0102030405060708',
                  traceState: 'a=b',
                  flags: 257,
                  name: 'GET /x',
                  kind: 2,
                  startTimeUnixNano: '1485467191639875123',
                  endTimeUnixNano: 1485467191639,
                  attributes: [
                    { key: 'str', value: { stringValue: 'v' } },
                    { key: 'bool', value: { boolValue: false } },
                    { key: 'bigint', value: { intValue: '9223372036854775807' } },
                    { key: 'negint', value: { intValue: -42 } },
                    { key: 'double', value: { doubleValue: 1.5 } },
                    { key: 'nan', value: { doubleValue: 'NaN' } },
                    { key: 'bytes', value: { bytesValue: 'AAAwOQ==' } },
                    { key: 'arr', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }] } } },
                    { key: 'kv', value: { kvlistValue: { values: [{ key: 'in', value: { doubleValue: 2 } }] } } },
                    { key: 'empty', value: {} },
                  ],
                  droppedAttributesCount: 2,
                  events: [{ timeUnixNano: '1485467191639875124', name: 'ev', attributes: [], droppedAttributesCount: 3 }],
                  droppedEventsCount: 4,
                  links: [{ traceId: TRACE_ID, spanId: '0102030405060709', traceState: 'c=d', flags: 1, attributes: [] }],
                  droppedLinksCount: 5,
                  status: { code: 2, message: 'boom' },
                  someFutureField: { ignored: true },
                },
              ],
            },
          ],
        },
      ],
    });
    const r = decodeOtlpJson(body);
    const expected: TraceBatch = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { type: 'string', value: 'svc' } }], droppedAttributesCount: 1 },
          scopeSpans: [
            {
              scope: { name: 'lib', version: '1.2', attributes: [{ key: 's', value: { type: 'bool', value: true } }], droppedAttributesCount: 0 },
              spans: [
                {
                  traceId: TRACE_ID,
                  spanId: SPAN_ID,
                  parentSpanId: '0102030405060708',
                  traceState: 'a=b',
                  flags: 257,
                  name: 'GET /x',
                  kind: 2,
                  startTimeUnixNano: 1485467191639875123n,
                  endTimeUnixNano: 1485467191639n,
                  attributes: [
                    { key: 'str', value: { type: 'string', value: 'v' } },
                    { key: 'bool', value: { type: 'bool', value: false } },
                    { key: 'bigint', value: { type: 'int', value: 9223372036854775807n } },
                    { key: 'negint', value: { type: 'int', value: -42n } },
                    { key: 'double', value: { type: 'double', value: 1.5 } },
                    { key: 'nan', value: { type: 'double', value: NaN } },
                    { key: 'bytes', value: { type: 'bytes', value: new Uint8Array([0, 0, 0x30, 0x39]) } },
                    {
                      key: 'arr',
                      value: { type: 'array', value: [{ type: 'string', value: 'a' }, { type: 'int', value: 1n }] },
                    },
                    { key: 'kv', value: { type: 'kvlist', value: [{ key: 'in', value: { type: 'double', value: 2 } }] } },
                    { key: 'empty', value: { type: 'empty', value: null } },
                  ],
                  droppedAttributesCount: 2,
                  events: [{ timeUnixNano: 1485467191639875124n, name: 'ev', attributes: [], droppedAttributesCount: 3 }],
                  droppedEventsCount: 4,
                  links: [
                    { traceId: TRACE_ID, spanId: '0102030405060709', traceState: 'c=d', attributes: [], droppedAttributesCount: 0, flags: 1 },
                  ],
                  droppedLinksCount: 5,
                  status: { code: 2, message: 'boom' },
                },
              ],
              schemaUrl: 'scope-schema',
            },
          ],
          schemaUrl: 'https://opentelemetry.io/schemas/1.21.0',
        },
      ],
    };
    assert.deepEqual(r, { ok: true, batch: expected, spanCount: 1, rejectedSpans: 0, rejectionMessage: '' });
  });

  test('accepts snake_case keys, enum names, uppercase and base64 ids, numbers for 64-bit fields', () => {
    const span = firstSpan(
      JSON.stringify({
        resource_spans: [
          {
            scope_spans: [
              {
                spans: [
                  {
                    trace_id: TRACE_ID.toUpperCase(),
                    span_id: Buffer.from(SPAN_ID, 'hex').toString('base64'),
                    parent_span_id: '',
                    kind: 'SPAN_KIND_CLIENT',
                    start_time_unix_nano: 5,
                    status: { code: 'STATUS_CODE_OK' },
                    attributes: [{ key: 'k', value: { int_value: 7 } }],
                  },
                ],
              },
            ],
          },
        ],
      }),
    );
    assert.equal(span.traceId, TRACE_ID);
    assert.equal(span.spanId, SPAN_ID);
    assert.equal(span.kind, 3);
    assert.equal(span.startTimeUnixNano, 5n);
    assert.equal(span.status.code, 1);
    assert.deepEqual(span.attributes, [{ key: 'k', value: { type: 'int', value: 7n } }]);
  });

  test('accepts bytes input with a BOM and null as absent', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(oneSpan({ name: null, status: null }))]);
    const r = decodeOtlpJson(new Uint8Array(body));
    assert.ok(r.ok);
    assert.equal(r.batch.resourceSpans[0]?.scopeSpans[0]?.spans[0]?.name, '');
  });

  test('an all-zero parent span id means no parent', () => {
    assert.equal(firstSpan(oneSpan({ parentSpanId: '0000000000000000' })).parentSpanId, '');
  });

  test('drops spans with invalid ids, counts them and omits emptied scopes and resources', () => {
    const good = { traceId: TRACE_ID, spanId: SPAN_ID };
    const body = JSON.stringify({
      resourceSpans: [
        { scopeSpans: [{ spans: [{ ...good, traceId: '00000000000000000000000000000000' }] }] },
        {
          scopeSpans: [
            { spans: [{ ...good, spanId: 'abc' }, { ...good, parentSpanId: 'xyz' }] },
            { spans: [good, { ...good, links: [{ traceId: 'zz', spanId: SPAN_ID }] }] },
          ],
        },
      ],
    });
    const r = decodeOtlpJson(body);
    assert.ok(r.ok);
    assert.equal(r.spanCount, 1);
    assert.equal(r.rejectedSpans, 4);
    assert.equal(r.rejectionMessage, '4 spans rejected: invalid trace id "00000000000000000000000000000000"');
    assert.equal(r.batch.resourceSpans.length, 1);
    assert.equal(r.batch.resourceSpans[0]?.scopeSpans.length, 1);
    assert.equal(r.batch.resourceSpans[0]?.scopeSpans[0]?.spans[0]?.spanId, SPAN_ID);
  });

  test('reports malformed input with what and where', () => {
    const bad = (body: string): string => {
      const r = decodeOtlpJson(body);
      assert.equal(r.ok, false);
      return r.ok ? '' : r.error;
    };
    assert.match(bad('{"resourceSpans":'), /^invalid JSON: /);
    assert.match(bad('"x"'), /body.*expected an ExportTraceServiceRequest object/);
    assert.match(bad('{"resourceSpans":{}}'), /resourceSpans: expected an array/);
    assert.match(
      bad(oneSpan({ events: [{}, { timeUnixNano: '-1' }] })),
      /^invalid OTLP\/JSON: resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.events\[1\]\.timeUnixNano: expected a uint64/,
    );
    assert.match(bad(oneSpan({ kind: 'SERVER' })), /spans\[0\]\.kind: expected an integer or one of SPAN_KIND_/);
    assert.match(bad(oneSpan({ startTimeUnixNano: '18446744073709551616' })), /startTimeUnixNano/);
    assert.match(
      bad(oneSpan({ attributes: [{ key: 'k', value: { kvlistValue: { values: [{ key: 'x', value: { intValue: 1.5 } }] } } }] })),
      /attributes\[0\]\.value\.kvlistValue\.values\[0\]\.value\.intValue: expected an int64/,
    );
  });

  test('refuses AnyValue nesting deeper than the limit without exhausting the stack', () => {
    const depth = 10_000;
    const value = '{"arrayValue":{"values":['.repeat(depth) + '{"stringValue":"leaf"}' + ']}}'.repeat(depth);
    const r = decodeOtlpJson(oneSpan({ attributes: [{ key: 'deep', value: 'VALUE' }] }).replace('"VALUE"', value));
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, /nested at most 64 deep/);
  });

  test('decodes every Jaeger storage fixture', (t) => {
    if (!existsSync(FIXTURES)) {
      t.skip(`${FIXTURES} absent`);
      return;
    }
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
    assert.equal(files.length, 32);
    for (const f of files) {
      const r = decodeOtlpJson(readFileSync(join(FIXTURES, f)));
      assert.ok(r.ok, `${f}: ${r.ok ? '' : r.error}`);
      assert.equal(r.rejectedSpans, 0, f);
      assert.ok(r.spanCount > 0, f);
    }
  });
});
