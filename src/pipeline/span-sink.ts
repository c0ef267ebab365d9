/**
 * What receivers hand decoded spans to. Receivers decode and classify; the sink decides whether there is room.
 */
import type { TraceBatch } from '../model/index.js';

/** Where a batch came from, for metrics and logs: `receiver` is e.g. `otlp`, `jaeger`, `zipkin`; `transport` `grpc`/`http`/`udp`. */
export interface BatchOrigin {
  receiver: string;
  transport: string;
}

/**
 * The result of offering a batch. A batch is accepted or refused whole, never in part.
 * - `accepted`: the batch is queued and will be stored unless the process is killed hard (SIGTERM drains it).
 * - `refused`: nothing of it was kept; the client should retry after `retryAfterMs` (HTTP 503 + Retry-After,
 *   gRPC UNAVAILABLE). `reason` is `queue_full` or `shutting_down`.
 */
export type AcceptOutcome =
  | { status: 'accepted' }
  | { status: 'refused'; reason: 'queue_full' | 'shutting_down'; retryAfterMs: number; message: string };

/**
 * `B` is how the spans are held: the span model for collectors, or spans already encoded for a forwarder (the agent
 * forwards OTLP/protobuf bytes transcoded straight from Jaeger datagrams).
 */
export interface SpanSink<B = TraceBatch> {
  /** Offers a batch of `spanCount` spans. Synchronous and cheap: it never waits for storage. */
  accept(batch: B, spanCount: number, origin: BatchOrigin): AcceptOutcome;
  /**
   * Optional: offers an OTLP/protobuf ExportTraceServiceRequest as received, for storage that builds its own form
   * straight from the bytes. Returns how many spans it held and the outcome, or undefined when the request needs the
   * decoder (malformed, or holding spans the decoder rejects): the receiver then decodes it and calls `accept`.
   */
  acceptOtlpProtobuf?(request: Uint8Array, origin: BatchOrigin): { spanCount: number; outcome: AcceptOutcome } | undefined;
}
