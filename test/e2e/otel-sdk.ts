/**
 * Produces a known trace with the real OpenTelemetry JS SDK and sends it through a real OTLP exporter.
 * The same spans are also captured in memory, so tests can compare what the query API returns with what the SDK made.
 */
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';

export type ExporterKind = 'http-json' | 'http-protobuf' | 'grpc';

export function createExporter(kind: ExporterKind, ports: { otlpHttp: number; otlpGrpc: number }): SpanExporter {
  switch (kind) {
    case 'http-json':
      return new JsonExporter({ url: `http://127.0.0.1:${ports.otlpHttp}/v1/traces` });
    case 'http-protobuf':
      return new ProtoExporter({ url: `http://127.0.0.1:${ports.otlpHttp}/v1/traces` });
    case 'grpc':
      return new GrpcExporter({ url: `http://127.0.0.1:${ports.otlpGrpc}` });
  }
}

/** Exports `spans` with `exporter` and resolves with the SDK's export result. */
export function exportSpans(exporter: SpanExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

export function isSuccess(r: ExportResult): boolean {
  return r.code === ExportResultCode.SUCCESS;
}

/**
 * Records a three-span trace for `serviceName`: a SERVER root with typed attributes and an event, a CLIENT child with
 * an error status, and an INTERNAL child with a link to the client span. Returns the finished spans.
 */
export function recordSampleTrace(serviceName: string): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName, 'host.name': 'e2e-host', 'deployment.environment': 'test' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('e2e-library', '1.2.3');
  const root = tracer.startSpan('GET /checkout', {
    kind: SpanKind.SERVER,
    attributes: {
      'http.method': 'GET',
      'http.status_code': 200,
      'sample.ratio': 0.25,
      'cache.hit': true,
      'tags.list': ['a', 'b'],
    },
  });
  root.addEvent('cache.lookup', { 'cache.key': 'user:42', 'cache.size': 3 });
  const rootCtx = trace.setSpan(context.active(), root);
  const client = tracer.startSpan('POST /payments', { kind: SpanKind.CLIENT, attributes: { 'peer.service': 'payments' } }, rootCtx);
  client.setStatus({ code: SpanStatusCode.ERROR, message: 'card declined' });
  client.end();
  const internal = tracer.startSpan(
    'render',
    { kind: SpanKind.INTERNAL, links: [{ context: client.spanContext(), attributes: { 'link.reason': 'retry-of' } }] },
    rootCtx,
  );
  internal.end();
  root.end();
  const spans = memory.getFinishedSpans();
  void provider.shutdown();
  return spans;
}

/** Microseconds since the epoch of an SDK HrTime, as Jaeger's JSON prints it. */
export function hrTimeToMicros(t: [number, number]): number {
  return Number(hrTimeToNanos(t) / 1000n);
}

/** Nanoseconds since the epoch of an SDK HrTime, as a decimal string (OTLP/JSON). */
export function hrTimeToNanoString(t: [number, number]): string {
  return hrTimeToNanos(t).toString();
}

export function hrTimeToNanos(t: [number, number]): bigint {
  return BigInt(Math.trunc(t[0])) * 1_000_000_000n + BigInt(Math.trunc(t[1]));
}
