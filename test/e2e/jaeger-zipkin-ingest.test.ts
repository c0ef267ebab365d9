/**
 * End to end: jaeger-client over agent UDP (6832, binary Thrift) and collector HTTP (14268), and the OpenTelemetry
 * Zipkin exporter (9411), against the built server; the query API returns the spans with service, operation and tags.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { jaegerClient } from '../../src/translate/jaeger-thrift/testing/jaeger-client-capture.js';
import { startServer, type ServerProcess } from './server-process.js';

interface JaegerTag {
  key: string;
  type: string;
  value: unknown;
}
interface JaegerTrace {
  traceID: string;
  spans: Array<{ spanID: string; operationName: string; tags: JaegerTag[]; processID: string }>;
  processes: Record<string, { serviceName: string; tags: JaegerTag[] }>;
}

let server: ServerProcess;
const quietLogger = { info() {}, error() {} };

async function waitForTrace(traceId: string, spanCount: number): Promise<JaegerTrace> {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${server.queryUrl}/api/traces/${traceId}`);
    if (res.status === 200) {
      const body = (await res.json()) as { data: JaegerTrace[] };
      if (body.data[0]!.spans.length >= spanCount) return body.data[0]!;
    } else await res.body?.cancel();
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`trace ${traceId} did not appear`);
}

function tagOf(span: { tags: JaegerTag[] }, key: string): unknown {
  return span.tags.find((t) => t.key === key)?.value;
}

/** Sends a two-span trace with jaeger-client through `reporter` and returns its trace id (16 or 32 hex digits). */
async function sendWithJaegerClient(serviceName: string, reporter: Record<string, unknown>): Promise<string> {
  const tracer = jaegerClient.initTracer(
    { serviceName, sampler: { type: 'const', param: 1 }, reporter: { ...reporter, flushIntervalMs: 60_000 } },
    { logger: quietLogger, traceId128bit: true },
  );
  const parent = tracer.startSpan('place-order');
  parent.setTag('order.id', 'A-17');
  const child = tracer.startSpan('reserve-stock', { childOf: parent });
  child.setTag('warehouse', 'north');
  child.finish();
  parent.finish();
  await new Promise<void>((resolve) => tracer.close(resolve));
  return parent.context().toTraceId().padStart(32, '0');
}

describe('Jaeger and Zipkin ingest against the built server', () => {
  before(async () => {
    server = await startServer({ args: ['--storage', 'memory'] });
  });
  after(async () => {
    await server.stop();
  });

  for (const transport of ['udp', 'http'] as const) {
    test(`jaeger-client over ${transport === 'udp' ? 'agent UDP (binary Thrift)' : 'collector HTTP'}`, async () => {
      const service = `jaeger-${transport}-svc`;
      const reporter =
        transport === 'udp'
          ? { agentHost: '127.0.0.1', agentPort: server.ports.jaegerBinary }
          : { collectorEndpoint: `http://127.0.0.1:${server.ports.jaegerHttp}/api/traces` };
      const traceId = await sendWithJaegerClient(service, reporter);
      const t = await waitForTrace(traceId, 2);
      assert.equal(t.spans.length, 2);
      const parent = t.spans.find((s) => s.operationName === 'place-order')!;
      const child = t.spans.find((s) => s.operationName === 'reserve-stock')!;
      assert.equal(tagOf(parent, 'order.id'), 'A-17');
      assert.equal(tagOf(child, 'warehouse'), 'north');
      assert.equal(t.processes[parent.processID]!.serviceName, service);
    });
  }

  test('the OpenTelemetry Zipkin exporter', async () => {
    const memory = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'zipkin-svc' }),
      spanProcessors: [new SimpleSpanProcessor(memory)],
    });
    const tracer = provider.getTracer('e2e');
    const parent = tracer.startSpan('GET /basket', { kind: SpanKind.SERVER, attributes: { 'http.route': '/basket' } });
    const child = tracer.startSpan('load-basket', { attributes: { 'basket.items': 3 } }, trace.setSpan(ROOT_CONTEXT, parent));
    child.end();
    parent.end();
    const exporter = new ZipkinExporter({ url: `http://127.0.0.1:${server.ports.zipkin}/api/v2/spans` });
    const result = await new Promise<{ code: number }>((resolve) => exporter.export(memory.getFinishedSpans(), resolve));
    assert.equal(result.code, ExportResultCode.SUCCESS);
    await exporter.shutdown();
    const t = await waitForTrace(parent.spanContext().traceId, 2);
    const p = t.spans.find((s) => s.operationName === 'GET /basket')!;
    assert.equal(tagOf(p, 'http.route'), '/basket');
    assert.equal(t.processes[p.processID]!.serviceName, 'zipkin-svc');
    assert.ok(t.spans.some((s) => s.operationName === 'load-basket'));
  });
});
