/**
 * Zipkin ids as sent (hex strings of up to 16 or 32 characters, shorter ones left-padded as Zipkin itself does; any
 * letter case accepted) → the model's lowercase hex.
 */

const HEX_RE = /^[0-9a-fA-F]+$/;
const ZERO_RE = /^0+$/;

/** The 32-character trace id, or a reason it is unusable. */
export function normalizeTraceId(raw: unknown): { id: string } | { problem: string } {
  return normalize(raw, 32, 'traceId');
}

/** The 16-character span id, or a reason it is unusable. */
export function normalizeSpanId(raw: unknown, field = 'id'): { id: string } | { problem: string } {
  return normalize(raw, 16, field);
}

function normalize(raw: unknown, width: number, field: string): { id: string } | { problem: string } {
  if (typeof raw !== 'string' || raw.length === 0) return { problem: `missing ${field}` };
  if (raw.length > width || !HEX_RE.test(raw)) return { problem: `${field} ${quote(raw)} is not ${width / 2}-byte hex` };
  if (ZERO_RE.test(raw)) return { problem: `${field} is zero` };
  return { id: raw.toLowerCase().padStart(width, '0') };
}

function quote(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}

/** Whether a parent id means "no parent": absent, empty or all zeros (Jaeger's parent-id sanitizer). */
export function isAbsentParentId(raw: unknown): boolean {
  return raw === undefined || raw === null || raw === '' || (typeof raw === 'string' && ZERO_RE.test(raw));
}
