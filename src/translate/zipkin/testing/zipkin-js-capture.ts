/**
 * Spans recorded with openzipkin's `zipkin` JS tracer (a devDependency) and encoded with its own JSON_V1 / JSON_V2
 * encoders into the array bodies its HTTP transport posts (`[span,span,…]`).
 */
import { createRequire } from 'node:module';
import type * as Zipkin from 'zipkin';

export const zipkin = createRequire(import.meta.url)('zipkin') as typeof Zipkin;

export interface ZipkinJsBodies {
  v1: string;
  v2: string;
}

/** Runs `record` with a tracer for `localServiceName` and returns what it reported, in both JSON versions. */
export function recordWithZipkinJs(localServiceName: string, record: (tracer: Zipkin.Tracer) => void): ZipkinJsBodies {
  const spans: Zipkin.model.Span[] = [];
  const recorder = new zipkin.BatchRecorder({ logger: { logSpan: (span) => spans.push(span) } });
  const tracer = new zipkin.Tracer({
    ctxImpl: new zipkin.ExplicitContext(),
    recorder,
    sampler: new zipkin.sampler.Sampler(zipkin.sampler.alwaysSample),
    traceId128Bit: true,
    localServiceName,
  });
  record(tracer);
  const body = (encoder: Zipkin.JsonEncoder): string => `[${spans.map((s) => encoder.encode(s)).join(',')}]`;
  return { v1: body(zipkin.jsonEncoder.JSON_V1), v2: body(zipkin.jsonEncoder.JSON_V2) };
}

/**
 * A client span (no service recorded), a server span joining an incoming id with an error tag and a client address,
 * a local span, and a producer span with a broker address; fixed timestamps except for the local span.
 */
export function recordZipkinJsScenario(tracer: Zipkin.Tracer): void {
  const { Annotation, InetAddress, TraceId, option } = zipkin;
  tracer.scoped(() => {
    tracer.setId(tracer.createRootId());
    tracer.recordRpc('GET /api');
    tracer.recordAnnotation(new Annotation.ClientSend(), 1_700_000_000_000_100);
    tracer.recordAnnotation(new Annotation.ClientRecv(), 1_700_000_000_000_900);
  });
  tracer.scoped(() => {
    tracer.setId(
      new TraceId({
        traceId: '463ac35c9f6413ad48485a3953bb6124',
        spanId: 'a2fb4a1d1a96d312',
        parentId: new option.Some('0000000000000001'),
        sampled: new option.Some(true),
      }),
    );
    tracer.recordServiceName('backend');
    tracer.recordRpc('POST /charge');
    tracer.recordBinary('error', 'card declined');
    tracer.recordAnnotation(new Annotation.ClientAddr({ host: new InetAddress('10.0.0.9'), port: 5555 }), 1_700_000_000_000_300);
    tracer.recordAnnotation(new Annotation.ServerRecv(), 1_700_000_000_000_300);
    tracer.recordAnnotation(new Annotation.ServerSend(), 1_700_000_000_000_700);
  });
  tracer.local('compute', () => undefined);
  tracer.scoped(() => {
    tracer.setId(tracer.createRootId());
    tracer.recordRpc('send');
    tracer.recordAnnotation(new Annotation.ProducerStart(), 1_700_000_000_001_000);
    tracer.recordAnnotation(new Annotation.MessageAddr({ serviceName: 'kafka', host: new InetAddress('10.0.0.7'), port: 9092 }), 1_700_000_000_001_000);
    tracer.recordAnnotation(new Annotation.ProducerStop(), 1_700_000_000_001_500);
  });
}
