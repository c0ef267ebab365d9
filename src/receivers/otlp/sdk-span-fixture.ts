/**
 * Spans made by the real OpenTelemetry JS SDK, and checks that a sink received them intact, for tests that drive the
 * receivers with the real OTLP exporters.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter as HttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as HttpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { anyValueToPlain, findAttribute, serviceNameOf, type TraceBatch } from '../../model/index.js';
import type { RecordingSink } from '../recording-sink.js';

/** A server span with a child that has an event and an error status, from service `checkout`. */
export function makeSdkSpans(): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout', 'deployment.environment': 'test' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('receiver-test', '1.2.3');
  const parent = tracer.startSpan('GET /cart', {
    kind: SpanKind.SERVER,
    attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200, retried: false, ratio: 0.25 },
  });
  const child = tracer.startSpan(
    'SELECT cart',
    { kind: SpanKind.CLIENT, attributes: { 'db.system': 'postgresql', 'db.rows': 3, tags: ['a', 'b'] } },
    trace.setSpan(ROOT_CONTEXT, parent),
  );
  child.addEvent('rows fetched', { count: 3 });
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'timeout' });
  child.end();
  parent.end();
  return memory.getFinishedSpans();
}

export function exportSpans(exporter: SpanExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

/** Asserts that `sink` holds exactly `expected` (ids, names, kinds, attributes, events, status, resource). */
export function assertSinkHolds(sink: RecordingSink, expected: ReadableSpan[]): void {
  const got = sink.spans();
  assert.equal(got.length, expected.length, 'span count');
  for (const e of expected) {
    const ctx = e.spanContext();
    const s = got.find((g) => g.spanId === ctx.spanId);
    assert.ok(s, `span ${ctx.spanId} (${e.name}) was received`);
    assert.equal(s.traceId, ctx.traceId);
    assert.equal(s.name, e.name);
    assert.equal(s.parentSpanId, e.parentSpanContext?.spanId ?? '');
    assert.equal(s.kind, e.kind + 1, 'OTLP kind numbering is the API kind + 1');
    assert.equal(s.status.code, e.status.code);
    assert.equal(s.status.message, e.status.message ?? '');
    for (const [key, value] of Object.entries(e.attributes)) {
      const got = findAttribute(s.attributes, key);
      assert.ok(got, `attribute ${key} of ${e.name}`);
      assert.deepEqual(anyValueToPlain(got), value, `attribute ${key}`);
      if (typeof value === 'number') assert.equal(got.type, Number.isInteger(value) ? 'int' : 'double', `type of ${key}`);
    }
    assert.equal(s.events.length, e.events.length);
    assert.equal(s.events[0]?.name, e.events[0]?.name);
  }
  for (const a of sink.accepted) assertResource(a.batch);
}

function assertResource(batch: TraceBatch): void {
  for (const rs of batch.resourceSpans) {
    assert.equal(serviceNameOf(rs.resource), 'checkout');
    for (const ss of rs.scopeSpans) {
      assert.equal(ss.scope.name, 'receiver-test');
      assert.equal(ss.scope.version, '1.2.3');
    }
  }
}

/**
 * The exact request body the real http/protobuf or http/json exporter sends for `spans`, captured by a throwaway
 * server, so raw-request tests start from bytes a real client produced.
 */
export async function captureExporterBody(format: 'protobuf' | 'json', spans: ReadableSpan[]): Promise<Buffer> {
  let captured: Buffer | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      captured = Buffer.concat(chunks);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1/traces`;
  const exporter = format === 'protobuf' ? new HttpProtoExporter({ url }) : new HttpJsonExporter({ url });
  const result = await exportSpans(exporter, spans);
  await exporter.shutdown();
  await new Promise((r) => server.close(r));
  assert.ok(captured !== undefined && result.code === 0, 'the exporter sent a request');
  return captured;
}
