/** encode → decode gives back the same model, for both OTLP encodings, on hand-picked edge cases. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TraceBatch } from '../../model/index.js';
import { decodeOtlpJson } from './decode-json.js';
import { decodeOtlpProtobuf } from './decode-protobuf.js';
import { encodeOtlpJson } from './encode-json.js';
import { encodeOtlpProtobuf } from './encode-protobuf.js';

const EDGE_CASES: TraceBatch = {
  resourceSpans: [
    {
      resource: {
        attributes: [
          { key: 'service.name', value: { type: 'string', value: 'edge' } },
          { key: 'bytes', value: { type: 'bytes', value: new Uint8Array([0, 255, 1, 254]) } },
        ],
        droppedAttributesCount: 4294967295,
      },
      scopeSpans: [
        {
          scope: {
            name: 'scope',
            version: 'v',
            attributes: [{ key: 'empty', value: { type: 'empty', value: null } }],
            droppedAttributesCount: 1,
          },
          spans: [
            {
              traceId: 'ffffffffffffffffffffffffffffffff',
              spanId: '0000000000000001',
              parentSpanId: 'abcdef0123456789',
              traceState: 'k=v',
              flags: 0xffffffff,
              name: 'edge — ünïcødé 🚀',
              kind: 5,
              startTimeUnixNano: 1485467191639875123n,
              endTimeUnixNano: 18446744073709551615n,
              attributes: [
                { key: 'above 2^53', value: { type: 'int', value: 9007199254740993n } },
                { key: 'int64 min', value: { type: 'int', value: -9223372036854775808n } },
                { key: 'int64 max', value: { type: 'int', value: 9223372036854775807n } },
                { key: 'zero', value: { type: 'int', value: 0n } },
                { key: 'false', value: { type: 'bool', value: false } },
                { key: 'empty string', value: { type: 'string', value: '' } },
                { key: 'nan', value: { type: 'double', value: NaN } },
                { key: '-inf', value: { type: 'double', value: -Infinity } },
                { key: '-0', value: { type: 'double', value: -0 } },
                { key: 'tiny', value: { type: 'double', value: 5e-324 } },
                { key: 'no bytes', value: { type: 'bytes', value: new Uint8Array(0) } },
                { key: 'empty array', value: { type: 'array', value: [] } },
                { key: 'empty map', value: { type: 'kvlist', value: [] } },
                {
                  key: 'nested',
                  value: {
                    type: 'array',
                    value: [
                      { type: 'kvlist', value: [{ key: 'deep', value: { type: 'array', value: [{ type: 'int', value: -1n }] } }] },
                      { type: 'empty', value: null },
                    ],
                  },
                },
              ],
              droppedAttributesCount: 1,
              events: [
                { timeUnixNano: 0n, name: '', attributes: [], droppedAttributesCount: 0 },
                {
                  timeUnixNano: 1485467191639875124n,
                  name: 'ev',
                  attributes: [{ key: 'a', value: { type: 'string', value: 'b' } }],
                  droppedAttributesCount: 2,
                },
              ],
              droppedEventsCount: 3,
              links: [
                {
                  traceId: '0af7651916cd43dd8448eb211c80319c',
                  spanId: 'b7ad6b7169203331',
                  traceState: 'x=y',
                  attributes: [{ key: 'l', value: { type: 'double', value: 0.1 } }],
                  droppedAttributesCount: 5,
                  flags: 0x301,
                },
              ],
              droppedLinksCount: 6,
              status: { code: 2, message: 'failed' },
            },
          ],
          schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
        },
        { scope: { name: '', version: '', attributes: [], droppedAttributesCount: 0 }, spans: [], schemaUrl: '' },
      ],
      schemaUrl: 'resource-schema',
    },
    { resource: { attributes: [], droppedAttributesCount: 0 }, scopeSpans: [], schemaUrl: '' },
  ],
};

describe('OTLP round trips', () => {
  test('protobuf: encodeOtlpProtobuf → decodeOtlpProtobuf', () => {
    const r = decodeOtlpProtobuf(encodeOtlpProtobuf(EDGE_CASES));
    assert.deepEqual(r, { ok: true, batch: EDGE_CASES, spanCount: 1, rejectedSpans: 0, rejectionMessage: '' });
  });

  test('JSON: encodeOtlpJson → JSON.stringify → decodeOtlpJson', () => {
    const text = JSON.stringify(encodeOtlpJson(EDGE_CASES));
    assert.ok(!text.includes('null'), 'no value is lost to null');
    assert.match(text, /"startTimeUnixNano":"1485467191639875123"/);
    assert.match(text, /"intValue":"9007199254740993"/);
    const r = decodeOtlpJson(text);
    assert.deepEqual(r, { ok: true, batch: EDGE_CASES, spanCount: 1, rejectedSpans: 0, rejectionMessage: '' });
  });

  test('every Jaeger storage fixture survives JSON → model → protobuf → model and → JSON → model', (t) => {
    const dir = '/work/shared/conformance/jaeger-storage-fixtures/traces';
    if (!existsSync(dir)) {
      t.skip(`${dir} absent`);
      return;
    }
    for (const f of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
      const first = decodeOtlpJson(readFileSync(join(dir, f)));
      assert.ok(first.ok, f);
      const viaProtobuf = decodeOtlpProtobuf(encodeOtlpProtobuf(first.batch));
      assert.deepEqual(viaProtobuf, first, f);
      const viaJson = decodeOtlpJson(JSON.stringify(encodeOtlpJson(first.batch)));
      assert.deepEqual(viaJson, first, f);
    }
  });

  test('JSON leaves default fields out and never emits undefined', () => {
    const minimal: TraceBatch = {
      resourceSpans: [
        {
          resource: { attributes: [], droppedAttributesCount: 0 },
          scopeSpans: [
            {
              scope: { name: '', version: '', attributes: [], droppedAttributesCount: 0 },
              spans: [
                {
                  ...EDGE_CASES.resourceSpans[0]!.scopeSpans[0]!.spans[0]!,
                  parentSpanId: '',
                  traceState: '',
                  flags: 0,
                  name: '',
                  kind: 0,
                  startTimeUnixNano: 0n,
                  endTimeUnixNano: 0n,
                  attributes: [],
                  droppedAttributesCount: 0,
                  events: [],
                  droppedEventsCount: 0,
                  links: [],
                  droppedLinksCount: 0,
                  status: { code: 0, message: '' },
                },
              ],
              schemaUrl: '',
            },
          ],
          schemaUrl: '',
        },
      ],
    };
    assert.deepEqual(encodeOtlpJson(minimal), {
      resourceSpans: [
        {
          resource: {},
          scopeSpans: [{ scope: {}, spans: [{ traceId: 'ffffffffffffffffffffffffffffffff', spanId: '0000000000000001', status: {} }] }],
        },
      ],
    });
  });
});
