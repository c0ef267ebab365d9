/**
 * What every Jaeger (and Zipkin) decoder returns (the same shape as the OTLP decoders'). Decoding never throws: input that cannot
 * be read is `{ ok: false, error }` (HTTP 400 / gRPC INVALID_ARGUMENT; a UDP datagram is dropped and counted), while
 * spans that decode but carry unusable ids are left out and counted in `rejectedSpans`.
 */
import type { TraceBatch } from '../../model/index.js';

export type TraceDecodeResult =
  | {
      ok: true;
      batch: TraceBatch;
      /** Spans kept in `batch`. */
      spanCount: number;
      /** Spans left out (zero or missing trace or span id). */
      rejectedSpans: number;
      /** '' when nothing was rejected, else e.g. `2 spans rejected: span 3: trace id is zero` (the first reason). */
      rejectionMessage: string;
    }
  | { ok: false; error: string };

export type JaegerDecodeResult = TraceDecodeResult;

/** Tally of rejected spans kept while one input is decoded. */
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

export function decodeSucceeded(batch: TraceBatch, spanCount: number, rejections: SpanRejections): TraceDecodeResult {
  const n = rejections.count;
  return {
    ok: true,
    batch,
    spanCount,
    rejectedSpans: n,
    rejectionMessage: n === 0 ? '' : `${n} span${n === 1 ? '' : 's'} rejected: ${rejections.firstReason}`,
  };
}

export function decodeFailed(error: string): TraceDecodeResult {
  return { ok: false, error };
}
