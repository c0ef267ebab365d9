/**
 * Trace and span ids as lowercase hex strings: 32 characters for a trace, 16 for a span.
 * Binary ids from the wire are converted here and nowhere else.
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);
const HEX_RE = /^[0-9a-f]+$/;

/** Lowercase hex of `length` bytes of `buf` from `start`; faster than Buffer#toString('hex') for 8/16-byte ids. */
export function bytesToHex(buf: Uint8Array, start = 0, end = buf.length): string {
  let s = '';
  for (let i = start; i < end; i++) s += HEX[buf[i]!]!;
  return s;
}

/** Bytes of an even-length hex string (no validation: call `isHex` first when the input is untrusted). */
export function hexToBytes(hex: string): Buffer {
  return Buffer.from(hex, 'hex');
}

export function isHex(s: string): boolean {
  return s.length % 2 === 0 && HEX_RE.test(s);
}

/** A valid trace id is 32 lowercase hex characters and not all zeros (OTLP rule). */
export function isValidTraceId(id: string): boolean {
  return id.length === 32 && id !== ZERO_TRACE_ID && HEX_RE.test(id);
}

/** A valid span id is 16 lowercase hex characters and not all zeros (OTLP rule). */
export function isValidSpanId(id: string): boolean {
  return id.length === 16 && id !== ZERO_SPAN_ID && HEX_RE.test(id);
}

/**
 * Parses a user-supplied trace id (query API): 1 to 32 hex characters, any case; shorter ids are left-padded with
 * zeros (Jaeger prints 64-bit ids as 16 characters). Returns undefined when it is not a trace id.
 */
export function parseTraceId(input: string): string | undefined {
  const id = input.trim().toLowerCase();
  if (id.length === 0 || id.length > 32 || !HEX_RE.test(id)) return undefined;
  const padded = id.padStart(32, '0');
  return padded === ZERO_TRACE_ID ? undefined : padded;
}

/** Jaeger's rendering of a trace id: 16 characters when the high 64 bits are zero, else 32. */
export function toJaegerTraceId(traceId: string): string {
  return traceId.startsWith('0000000000000000') ? traceId.slice(16) : traceId;
}
