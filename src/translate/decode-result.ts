/**
 * What every span decoder returns (OTLP, Jaeger, Zipkin), and the bookkeeping of spans dropped by validation.
 * Decoding never throws: input that cannot be read is `{ ok: false, error }` (HTTP 400 / gRPC INVALID_ARGUMENT; a UDP
 * datagram is dropped and counted), while spans that decode but carry unusable ids are left out and counted in
 * `rejectedSpans` (an OTLP partial success).
 */
import type { TraceBatch } from '../model/index.js';

export type TraceDecodeResult =
  | {
      ok: true;
      batch: TraceBatch;
      /** Spans kept in `batch`. */
      spanCount: number;
      /** Spans left out by validation (invalid trace, span, parent or link id). */
      rejectedSpans: number;
      /** '' when nothing was rejected, else e.g. `2 spans rejected: invalid trace id "00…"` (the first reason). */
      rejectionMessage: string;
    }
  | { ok: false; error: string };

/** Mutable tally kept by a decoder while it walks one input. */
export interface SpanRejections {
  count: number;
  firstReason: string;
}

export function createSpanRejections(): SpanRejections {
  return { count: 0, firstReason: '' };
}

export function recordRejection(rejections: SpanRejections, reason: string): void {
  if (rejections.count === 0) rejections.firstReason = reason;
  rejections.count++;
}

export function rejectionMessage(rejections: SpanRejections): string {
  const n = rejections.count;
  if (n === 0) return '';
  return `${n} span${n === 1 ? '' : 's'} rejected: ${rejections.firstReason}`;
}

export function decodeSucceeded(batch: TraceBatch, spanCount: number, rejections: SpanRejections): TraceDecodeResult {
  return {
    ok: true,
    batch,
    spanCount,
    rejectedSpans: rejections.count,
    rejectionMessage: rejectionMessage(rejections),
  };
}

export function decodeFailed(error: string): TraceDecodeResult {
  return { ok: false, error };
}
