/**
 * Trace and span ids in OTLP/JSON: lowercase hex per the spec. Leniently also uppercase hex, and the base64 that
 * generic proto3 JSON printers emit for `bytes` (24 characters for a trace id, 12 for a span id, which cannot be
 * mistaken for hex of the right length).
 */
import { bytesToHex } from '../../model/index.js';

const HEX_RE = /^[0-9a-f]*$/;
const HEX_ANY_CASE_RE = /^[0-9a-fA-F]*$/;
const BASE64_RE = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * The id as lowercase hex of `byteLength` bytes, or undefined when it is neither hex nor base64 of that length.
 * Does not judge all-zero ids: callers decide what zero means for the field.
 */
export function normalizeJsonId(id: string, byteLength: number): string | undefined {
  const hexLength = byteLength * 2;
  if (id.length === hexLength) {
    if (HEX_RE.test(id)) return id;
    if (HEX_ANY_CASE_RE.test(id)) return id.toLowerCase();
    return undefined;
  }
  if (id.length === Math.ceil(byteLength / 3) * 4 && BASE64_RE.test(id)) {
    const bytes = Buffer.from(id, 'base64');
    if (bytes.length === byteLength) return bytesToHex(bytes);
  }
  return undefined;
}

export function isAllZeroHex(id: string): boolean {
  for (let i = 0; i < id.length; i++) if (id.charCodeAt(i) !== 48) return false;
  return true;
}
