/**
 * Metrics every receiver records, whatever its protocol. Labels: `receiver` (otlp, jaeger, zipkin), `transport`
 * (grpc, http, udp). Accepted and refused (backpressure) spans are counted by the pipeline; receivers count what they
 * reject themselves.
 */
import { Counter, type Registry } from 'prom-client';

export interface ReceiverMetrics {
  /** Requests or packets that could not be decoded or were otherwise invalid (`reason`: decode, content_type, too_large, method, …). */
  badRequests: Counter<'receiver' | 'transport' | 'reason'>;
  /** Spans dropped from an otherwise good request because they were invalid (reported as OTLP partial success). */
  rejectedSpans: Counter<'receiver' | 'transport'>;
}

const cache = new WeakMap<Registry, ReceiverMetrics>();

/** The receiver metrics of `registry`, created on first use so that several receivers share one set. */
export function receiverMetrics(registry: Registry): ReceiverMetrics {
  let m = cache.get(registry);
  if (m === undefined) {
    m = {
      badRequests: new Counter({
        name: 'ariadne_receiver_bad_requests_total',
        help: 'Requests, messages or datagrams rejected as malformed or invalid, by reason.',
        labelNames: ['receiver', 'transport', 'reason'],
        registers: [registry],
      }),
      rejectedSpans: new Counter({
        name: 'ariadne_receiver_rejected_spans_total',
        help: 'Invalid spans dropped from otherwise valid requests (reported to the client as partial success).',
        labelNames: ['receiver', 'transport'],
        registers: [registry],
      }),
    };
    cache.set(registry, m);
  }
  return m;
}
