/**
 * The OTLP decoders' result (the shared `TraceDecodeResult`) and OTLP-specific validation limits.
 */
import type { TraceDecodeResult } from '../decode-result.js';

export type OtlpDecodeResult = TraceDecodeResult;
export type { SpanRejections } from '../decode-result.js';
export {
  createSpanRejections,
  decodeFailed,
  decodeSucceeded,
  recordRejection,
  rejectionMessage,
} from '../decode-result.js';

/** AnyValue may nest (arrays of maps of arrays…); deeper than this is refused instead of exhausting the stack. */
export const MAX_ANY_VALUE_DEPTH = 64;

const MAX_SHOWN_ID_CHARS = 64;

/** An offending id as it appears in a rejection message, quoted and shortened so a huge value cannot bloat logs. */
export function quoteId(id: string): string {
  return id.length > MAX_SHOWN_ID_CHARS ? `"${id.slice(0, MAX_SHOWN_ID_CHARS)}…"` : `"${id}"`;
}
