/**
 * The transport-independent half of an export (OTLP, Jaeger, Zipkin): count what the decoder rejected, offer the rest to the sink, and
 * classify the result so each transport can map it to its own status (HTTP 200/400/503, gRPC OK/INVALID_ARGUMENT/
 * UNAVAILABLE).
 */
import type { BatchOrigin, SpanSink } from '../pipeline/index.js';
import type { ReceiverMetrics } from '../telemetry/index.js';
import type { TraceDecodeResult } from '../translate/index.js';
import { decodeOtlpProtobuf } from '../translate/otlp/index.js';

export type ExportOutcome =
  /** Stored or queued; `rejectedSpans` > 0 means a partial success to report, never to retry. */
  | { kind: 'ok'; rejectedSpans: number; message: string }
  /** Undecodable request: permanent, the client must not retry. */
  | { kind: 'invalid'; message: string }
  /** The sink had no room: retryable after `retryAfterMs`. */
  | { kind: 'refused'; retryAfterMs: number; message: string };

export interface Delivery {
  readonly origin: BatchOrigin;
  /** Classifies one decoded request and, when it holds spans, offers them to the sink. */
  deliver(decoded: TraceDecodeResult): ExportOutcome;
  /**
   * An OTLP/protobuf ExportTraceServiceRequest: offered to the sink as bytes when it takes them
   * (`SpanSink.acceptOtlpProtobuf`), otherwise (or when the sink says the bytes need the decoder) decoded and
   * delivered. The outcome is the same either way.
   */
  deliverOtlpProtobuf(request: Uint8Array): ExportOutcome;
  /** Counts a request rejected before decoding (wrong method, content type, size, …). */
  countBadRequest(reason: BadRequestReason): void;
}

export type BadRequestReason = 'decode' | 'content_type' | 'content_encoding' | 'too_large' | 'method' | 'not_found';
export type ReceiverTransport = 'grpc' | 'http' | 'udp';

/** `receiver` labels metrics and the batch origin (`otlp`, `jaeger`, `zipkin`). */
export function createDelivery(
  sink: SpanSink,
  metrics: ReceiverMetrics,
  transport: ReceiverTransport,
  receiver = 'otlp',
): Delivery {
  const origin: BatchOrigin = { receiver, transport };
  // Label objects built once: this runs per request.
  const spanLabels = { receiver, transport };
  const reasonLabels = new Map<BadRequestReason, { receiver: string; transport: string; reason: string }>();
  const countBadRequest = (reason: BadRequestReason): void => {
    let labels = reasonLabels.get(reason);
    if (labels === undefined) reasonLabels.set(reason, (labels = { receiver, transport, reason }));
    metrics.badRequests.inc(labels);
  };
  return {
    origin,
    countBadRequest,
    deliverOtlpProtobuf(request) {
      const taken = sink.acceptOtlpProtobuf?.(request, origin);
      if (taken === undefined) return this.deliver(decodeOtlpProtobuf(request));
      if (taken.outcome.status === 'refused') {
        return { kind: 'refused', retryAfterMs: taken.outcome.retryAfterMs, message: taken.outcome.message };
      }
      return { kind: 'ok', rejectedSpans: 0, message: '' };
    },
    deliver(decoded) {
      if (!decoded.ok) {
        countBadRequest('decode');
        return { kind: 'invalid', message: decoded.error };
      }
      if (decoded.rejectedSpans > 0) metrics.rejectedSpans.inc(spanLabels, decoded.rejectedSpans);
      // Empty envelopes are acknowledged without bothering the sink (the OTLP spec lets receivers drop them).
      if (decoded.spanCount > 0) {
        const accepted = sink.accept(decoded.batch, decoded.spanCount, origin);
        if (accepted.status === 'refused') {
          return { kind: 'refused', retryAfterMs: accepted.retryAfterMs, message: accepted.message };
        }
      }
      return { kind: 'ok', rejectedSpans: decoded.rejectedSpans, message: decoded.rejectionMessage };
    },
  };
}
