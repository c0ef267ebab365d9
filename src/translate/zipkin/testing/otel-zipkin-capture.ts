/**
 * Bodies produced by the real `@opentelemetry/exporter-zipkin` (a devDependency): spans recorded with the OTel JS SDK
 * are exported to a local HTTP server, and the exact request is returned.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace as traceApi, type Context, type Span as ApiSpan } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

export interface CapturedBody {
  path: string;
  contentType: string;
  body: Buffer;
}

/** Exports `spans` through ZipkinExporter to a local server and returns the one request it made. */
export async function captureZipkinExport(spans: ReadableSpan[], serviceName?: string): Promise<CapturedBody> {
  const captured: CapturedBody[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      captured.push({ path: req.url ?? '', contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const port = (server.address() as AddressInfo).port;
    const exporter = new ZipkinExporter({ url: `http://127.0.0.1:${port}/api/v2/spans`, ...(serviceName ? { serviceName } : {}) });
    const result = await new Promise<{ code: number; error?: Error }>((resolve) => exporter.export(spans, resolve));
    if (result.code !== ExportResultCode.SUCCESS) throw new Error(`zipkin export failed: ${String(result.error)}`);
    await exporter.shutdown();
    if (captured.length !== 1) throw new Error(`expected one request, got ${captured.length}`);
    return captured[0]!;
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * A four-span trace: SERVER root with attributes and an event, CLIENT child with an error status, PRODUCER child
 * with OK status, and an INTERNAL grandchild. Resource: service `shop` plus host and SDK attributes.
 */
export function recordOtelTrace(): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'shop', 'host.name': 'web-1', 'deployment.environment': 'test' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('shop-lib', '2.0.0');
  const t0 = 1_700_000_000_000; // ms
  const root = tracer.startSpan('GET /cart', { kind: SpanKind.SERVER, startTime: t0, attributes: { 'http.method': 'GET', 'http.status_code': 200, 'cart.items': 3 } });
  root.addEvent('cache.miss', { key: 'cart:42' }, t0 + 1);
  const parentCtx = trace(root);
  const client = tracer.startSpan('GET inventory', { kind: SpanKind.CLIENT, startTime: t0 + 2, attributes: { 'net.peer.name': 'inventory' } }, parentCtx);
  client.setStatus({ code: SpanStatusCode.ERROR, message: 'connection refused' });
  client.end(t0 + 5);
  const producer = tracer.startSpan('publish order', { kind: SpanKind.PRODUCER, startTime: t0 + 6 }, parentCtx);
  producer.setStatus({ code: SpanStatusCode.OK });
  const internal = tracer.startSpan('render', { kind: SpanKind.INTERNAL, startTime: t0 + 7 }, trace(producer));
  internal.end(t0 + 8);
  producer.end(t0 + 9);
  root.end(t0 + 10);
  return memory.getFinishedSpans();
}

function trace(span: ApiSpan): Context {
  return traceApi.setSpan(ROOT_CONTEXT, span);
}
