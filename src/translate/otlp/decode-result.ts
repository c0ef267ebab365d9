/**
 * What both OTLP decoders return, and the bookkeeping of spans dropped by validation.
 * Decoding never throws: malformed input is `{ ok: false, error }` (HTTP 400 / gRPC INVALID_ARGUMENT), while spans
 * that decode but carry unusable ids are dropped and reported as an OTLP partial success.
 */
import type { TraceBatch } from '../../model/index.js';

export type OtlpDecodeResult =
  | {
      ok: true;
      batch: TraceBatch;
      /** Spans kept in `batch`. */
      spanCount: number;
      /** Spans dropped by validation (invalid trace, span, parent or link id). */
      rejectedSpans: number;
      /** '' when nothing was rejected, else e.g. `2 spans rejected: invalid trace id "00…"` (the first reason). */
      rejectionMessage: string;
    }
  | { ok: false; error: string };

/** Mutable tally kept by a decoder while it walks one request. */
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

export function decodeSucceeded(batch: TraceBatch, spanCount: number, rejections: SpanRejections): OtlpDecodeResult {
  return {
    ok: true,
    batch,
    spanCount,
    rejectedSpans: rejections.count,
    rejectionMessage: rejectionMessage(rejections),
  };
}

export function decodeFailed(error: string): OtlpDecodeResult {
  return { ok: false, error };
}

/** AnyValue may nest (arrays of maps of arrays…); deeper than this is refused instead of exhausting the stack. */
export const MAX_ANY_VALUE_DEPTH = 64;

const MAX_SHOWN_ID_CHARS = 64;

/** An offending id as it appears in a rejection message, quoted and shortened so a huge value cannot bloat logs. */
export function quoteId(id: string): string {
  return id.length > MAX_SHOWN_ID_CHARS ? `"${id.slice(0, MAX_SHOWN_ID_CHARS)}…"` : `"${id}"`;
}
