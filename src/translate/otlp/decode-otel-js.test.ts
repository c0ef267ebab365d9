/**
 * Bodies produced by the real OpenTelemetry JS exporters' serializers (`@opentelemetry/otlp-transformer`, the code the
 * OTLP/HTTP-proto, OTLP/HTTP-JSON and gRPC exporters send) decode into the exact model.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT_CONTEXT, SpanKind as ApiSpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { AnyValue, KeyValue, Span, TraceBatch } from '../../model/index.js';
import { decodeOtlpJson } from './decode-json.js';
import { decodeOtlpProtobuf } from './decode-protobuf.js';

const REMOTE_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const REMOTE_SPAN_ID = '00f067aa0ba902b7';
const LINKED_TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const LINKED_SPAN_ID = 'b7ad6b7169203331';

const SPAN_ATTRIBUTES: Attributes = {
  'http.method': 'GET',
  'http.status_code': 503,
  'ratio': 0.25,
  'cached': false,
  'big.power.of.two': 2 ** 60,
  'negative': -42,
  'tags': ['a', 'b'],
  'codes': [1, 2, 3],
  'flags': [true, false],
  'unicode': 'grüße 🚀',
};

/** Runs the real SDK: a server span under a remote parent with trace state, and a local client child. */
function recordSpans(): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'interop', 'service.instance.count': 3, 'deploy.canary': true }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('interop-lib', '1.2.3');
  const remote = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: REMOTE_TRACE_ID,
    spanId: REMOTE_SPAN_ID,
    traceFlags: 1,
    isRemote: true,
    traceState: new TraceState('vendor=opaque,other=1'),
  });
  const server = tracer.startSpan(
    'GET /items',
    {
      kind: ApiSpanKind.SERVER,
      attributes: SPAN_ATTRIBUTES,
      startTime: [1485467191, 639875123],
      links: [
        {
          context: { traceId: LINKED_TRACE_ID, spanId: LINKED_SPAN_ID, traceFlags: 0, isRemote: true },
          attributes: { 'link.reason': 'batch', 'link.index': 7 },
        },
      ],
    },
    remote,
  );
  server.addEvent('cache.miss', { 'cache.key': 'items:42', 'cache.size': 12 }, [1485467191, 639875999]);
  server.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream unavailable' });
  const child = tracer.startSpan(
    'SELECT items',
    { kind: ApiSpanKind.CLIENT, startTime: [1485467191, 700000000] },
    trace.setSpan(remote, server),
  );
  child.end([1485467191, 800000001]);
  server.end([1485467192, 5]);
  return exporter.getFinishedSpans();
}

/** OTel JS attribute values as the OTLP transformer maps them (integers → int, other numbers → double). */
function expectedValue(v: unknown): AnyValue {
  if (typeof v === 'string') return { type: 'string', value: v };
  if (typeof v === 'boolean') return { type: 'bool', value: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { type: 'int', value: BigInt(v) } : { type: 'double', value: v };
  if (Array.isArray(v)) return { type: 'array', value: v.map(expectedValue) };
  return { type: 'empty', value: null };
}

function expectedAttributes(attributes: Attributes): KeyValue[] {
  return Object.entries(attributes).map(([key, value]) => ({ key, value: expectedValue(value) }));
}

function nanos([seconds, nanoseconds]: [number, number]): bigint {
  return BigInt(seconds) * 1_000_000_000n + BigInt(nanoseconds);
}

function expectedBatch(spans: ReadableSpan[]): TraceBatch {
  const server = spans.find((s) => s.name === 'GET /items')!;
  const child = spans.find((s) => s.name === 'SELECT items')!;
  const base = (s: ReadableSpan) => ({ traceId: REMOTE_TRACE_ID, spanId: s.spanContext().spanId });
  const childSpan: Span = {
    ...base(child),
    parentSpanId: server.spanContext().spanId,
    traceState: 'vendor=opaque,other=1',
    flags: 0x101, // sampled | has-is-remote (parent is local)
    name: 'SELECT items',
    kind: 3,
    startTimeUnixNano: 1485467191700000000n,
    endTimeUnixNano: 1485467191800000001n,
    attributes: [],
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: { code: 0, message: '' },
  };
  const serverSpan: Span = {
    ...base(server),
    parentSpanId: REMOTE_SPAN_ID,
    traceState: 'vendor=opaque,other=1',
    flags: 0x301, // sampled | has-is-remote | is-remote
    name: 'GET /items',
    kind: 2,
    startTimeUnixNano: nanos([1485467191, 639875123]),
    endTimeUnixNano: 1485467192000000005n,
    attributes: expectedAttributes(SPAN_ATTRIBUTES),
    droppedAttributesCount: 0,
    events: [
      {
        timeUnixNano: 1485467191639875999n,
        name: 'cache.miss',
        attributes: [
          { key: 'cache.key', value: { type: 'string', value: 'items:42' } },
          { key: 'cache.size', value: { type: 'int', value: 12n } },
        ],
        droppedAttributesCount: 0,
      },
    ],
    droppedEventsCount: 0,
    links: [
      {
        traceId: LINKED_TRACE_ID,
        spanId: LINKED_SPAN_ID,
        traceState: '',
        attributes: [
          { key: 'link.reason', value: { type: 'string', value: 'batch' } },
          { key: 'link.index', value: { type: 'int', value: 7n } },
        ],
        droppedAttributesCount: 0,
        flags: 0x300, // not sampled | has-is-remote | is-remote
      },
    ],
    droppedLinksCount: 0,
    status: { code: 2, message: 'upstream unavailable' },
  };
  return {
    resourceSpans: [
      {
        resource: { attributes: expectedAttributes(server.resource.attributes), droppedAttributesCount: 0 },
        scopeSpans: [
          {
            scope: { name: 'interop-lib', version: '1.2.3', attributes: [], droppedAttributesCount: 0 },
            spans: spans.map((s) => (s === server ? serverSpan : childSpan)),
            schemaUrl: '',
          },
        ],
        schemaUrl: '',
      },
    ],
  };
}

describe('bodies from the OpenTelemetry JS exporters', () => {
  const spans = recordSpans();
  const expected = expectedBatch(spans);

  test('the recorded resource carries our attributes', () => {
    const attrs = expected.resourceSpans[0]!.resource.attributes;
    assert.deepEqual(
      attrs.find((kv) => kv.key === 'service.instance.count'),
      { key: 'service.instance.count', value: { type: 'int', value: 3n } },
    );
    assert.equal(spans.length, 2);
  });

  test('OTLP/protobuf (ProtobufTraceSerializer) decodes into the exact model', () => {
    const body = ProtobufTraceSerializer.serializeRequest(spans);
    assert.ok(body);
    const r = decodeOtlpProtobuf(body);
    assert.deepEqual(r, { ok: true, batch: expected, spanCount: 2, rejectedSpans: 0, rejectionMessage: '' });
  });

  test('OTLP/JSON (JsonTraceSerializer) decodes into the exact model', () => {
    const body = JsonTraceSerializer.serializeRequest(spans);
    assert.ok(body);
    const r = decodeOtlpJson(body);
    assert.deepEqual(r, { ok: true, batch: expected, spanCount: 2, rejectedSpans: 0, rejectionMessage: '' });
  });

  test('the exporters accept our partial-success responses', async () => {
    const { encodeExportResponseProtobuf, encodeExportResponseJson } = await import('./export-response.js');
    const partial = { rejectedSpans: 2, errorMessage: '2 spans rejected: invalid trace id ""' };
    assert.deepEqual(ProtobufTraceSerializer.deserializeResponse(encodeExportResponseProtobuf(partial)), {
      partialSuccess: { rejectedSpans: 2, errorMessage: partial.errorMessage },
    });
    assert.deepEqual(ProtobufTraceSerializer.deserializeResponse(encodeExportResponseProtobuf({ rejectedSpans: 0, errorMessage: '' })), {});
    const json = new TextEncoder().encode(JSON.stringify(encodeExportResponseJson(partial)));
    assert.deepEqual(JsonTraceSerializer.deserializeResponse(json), {
      partialSuccess: { rejectedSpans: '2', errorMessage: partial.errorMessage },
    });
  });
});
