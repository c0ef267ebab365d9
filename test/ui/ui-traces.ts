/**
 * Traces for the browser tests, recorded with the real OpenTelemetry SDK (one tracer provider per service, so each
 * span carries its service's resource) and sent to the server over OTLP/HTTP JSON. Times are explicit so durations
 * and the critical path are known.
 */
import { context, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { exportSpans, isSuccess } from '../e2e/otel-sdk.js';

export const XSS_PAYLOAD = '<img src=x onerror=alert(1)>';

interface Recorder {
  tracer(service: string): Tracer;
  finish(): ReadableSpan[];
}

function createRecorder(): Recorder {
  const memory = new InMemorySpanExporter();
  const providers = new Map<string, BasicTracerProvider>();
  return {
    tracer(service) {
      let p = providers.get(service);
      if (p === undefined) {
        p = new BasicTracerProvider({
          resource: resourceFromAttributes({ 'service.name': service, 'host.name': `${service}-host` }),
          spanProcessors: [new SimpleSpanProcessor(memory)],
        });
        providers.set(service, p);
      }
      return p.getTracer('ui-e2e', '1.0.0');
    },
    finish() {
      const spans = memory.getFinishedSpans();
      for (const p of providers.values()) void p.shutdown();
      return spans;
    },
  };
}

/** ms since epoch → HrTime-compatible Date. */
const at = (baseMs: number, offsetMs: number) => new Date(baseMs + offsetMs);

function child(tracer: Tracer, parent: Span, name: string, kind: SpanKind, startMs: number, attributes: Record<string, string | number | boolean> = {}): Span {
  return tracer.startSpan(name, { kind, startTime: new Date(startMs), attributes }, trace.setSpan(context.active(), parent));
}

/**
 * A checkout trace: frontend `GET /checkout` (0–100 ms, slow=true makes it 0–200 ms) → frontend `audit.log` (5–30, in
 * parallel with the cart call, so off the critical path), cart `GetCart` (10–40) and payments `Charge` (45–95, with the
 * error and a db `INSERT` child); `render` (96–99) on the frontend. With `extraCall`
 * a second cart call is made (structural diff). Returns the spans and the trace id.
 */
export function recordCheckout(baseMs: number, options: { slow?: boolean; extraCall?: boolean } = {}): { spans: ReadableSpan[]; traceId: string } {
  const rec = createRecorder();
  const k = options.slow ? 2 : 1;
  const fe = rec.tracer('frontend');
  const root = fe.startSpan('GET /checkout', {
    kind: SpanKind.SERVER,
    startTime: at(baseMs, 0),
    attributes: { 'http.method': 'GET', 'http.status_code': 500, 'xss.payload': XSS_PAYLOAD },
  });
  const audit = child(fe, root, 'audit.log', SpanKind.INTERNAL, baseMs + 5 * k);
  audit.end(at(baseMs, 30 * k));
  const cart = child(rec.tracer('cart'), root, 'GetCart', SpanKind.SERVER, baseMs + 10 * k, { 'cart.items': 3 });
  cart.addEvent('cache.miss', { 'cache.key': 'cart:42' }, at(baseMs, 20 * k));
  cart.end(at(baseMs, 40 * k));
  if (options.extraCall) {
    const again = child(rec.tracer('cart'), root, 'GetCart', SpanKind.SERVER, baseMs + 41 * k);
    again.end(at(baseMs, 44 * k));
  }
  const pay = child(rec.tracer('payments'), root, 'Charge', SpanKind.SERVER, baseMs + 45 * k, { 'payment.amount': 42.5 });
  const db = child(rec.tracer('db'), pay, 'INSERT payments', SpanKind.CLIENT, baseMs + 50 * k, { 'db.system': 'postgresql', 'db.statement': 'INSERT INTO payments VALUES ($1)' });
  db.end(at(baseMs, 90 * k));
  pay.setStatus({ code: SpanStatusCode.ERROR, message: 'card declined' });
  pay.end(at(baseMs, 95 * k));
  const render = fe.startSpan('render', { kind: SpanKind.INTERNAL, startTime: at(baseMs, 96 * k), links: [{ context: cart.spanContext() }] }, trace.setSpan(context.active(), root));
  render.end(at(baseMs, 99 * k));
  root.end(at(baseMs, 100 * k));
  return { spans: rec.finish(), traceId: root.spanContext().traceId };
}

export async function sendSpans(otlpHttpPort: number, spans: ReadableSpan[]): Promise<void> {
  const exporter = new OTLPTraceExporter({ url: `http://127.0.0.1:${otlpHttpPort}/v1/traces` });
  const result = await exportSpans(exporter, spans);
  await exporter.shutdown();
  if (!isSuccess(result)) throw new Error(`export failed: ${String(result.error)}`);
}

/** Polls the API until the trace has `count` spans (the pipeline writes asynchronously). */
export async function waitForTrace(queryUrl: string, traceId: string, count: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${queryUrl}/api/traces/${traceId}`);
    if (res.status === 200) {
      const body = (await res.json()) as { data: Array<{ spans: unknown[] }> };
      if ((body.data[0]?.spans.length ?? 0) >= count) return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`trace ${traceId} did not appear`);
}
