/**
 * Strings and ids out of protobuf bytes, the dominant cost of OTLP decoding.
 *
 * Attribute keys and many values repeat across spans (`http.method`, `GET`, service names), so short strings go
 * through a small direct-mapped cache keyed by their bytes: a hit returns the already-built string without allocating
 * (JS strings are immutable, so sharing them is safe). Ids become lowercase hex through one flat string build instead
 * of a chain of concatenations that V8 would have to flatten later.
 */
import { lengthDelimitedStart, type Reader } from './protobuf-read.js';

const SLOT_BITS = 12;
const SLOTS = 1 << SLOT_BITS;
const MAX_CACHED_BYTES = 128;
const cacheBytes = new Uint8Array(SLOTS * MAX_CACHED_BYTES);
const cacheLengths = new Int32Array(SLOTS).fill(-1);
const cacheStrings: string[] = new Array<string>(SLOTS).fill('');

interface NodeBufferSlicing {
  utf8Slice(start: number, end: number): string;
}

/** Node's native slice (what Buffer#toString uses underneath, minus the argument checks), else the public API. */
const hasUtf8Slice = typeof (Buffer.prototype as unknown as Partial<NodeBufferSlicing>).utf8Slice === 'function';

function sliceUtf8(buf: Uint8Array, start: number, end: number): string {
  if (hasUtf8Slice) return (buf as unknown as NodeBufferSlicing).utf8Slice(start, end);
  return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('utf8', start, end);
}

/**
 * Decodes the UTF-8 bytes `buf[start, end)` (a Buffer); strings up to 128 bytes are served from the cache. The slot
 * comes from the length and three sampled bytes (cheap; a collision only costs a miss, never a wrong string).
 */
export function utf8String(buf: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n === 0) return '';
  if (n > MAX_CACHED_BYTES) return sliceUtf8(buf, start, end);
  const h = Math.imul(n ^ (buf[start]! << 8) ^ (buf[start + (n >>> 1)]! << 16) ^ (buf[end - 1]! << 24), 0x9e3779b1);
  const slot = h >>> (32 - SLOT_BITS);
  const base = slot * MAX_CACHED_BYTES;
  if (cacheLengths[slot] === n) {
    let i = 0;
    while (i < n && cacheBytes[base + i] === buf[start + i]) i++;
    if (i === n) return cacheStrings[slot]!;
  }
  const s = sliceUtf8(buf, start, end);
  for (let i = 0; i < n; i++) cacheBytes[base + i] = buf[start + i]!;
  cacheLengths[slot] = n;
  cacheStrings[slot] = s;
  return s;
}

/** A protobuf `string` field. */
export function readString(r: Reader): string {
  const start = lengthDelimitedStart(r);
  return utf8String(r.buf, start, r.pos);
}

const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const codes16: number[] = new Array<number>(16).fill(0);
const codes32: number[] = new Array<number>(32).fill(0);

/** Lowercase hex of `buf[start, start + byteLength)` for 8- and 16-byte ids; other lengths take the generic path. */
export function idToHex(buf: Uint8Array, start: number, byteLength: number): string {
  const codes = byteLength === 16 ? codes32 : byteLength === 8 ? codes16 : undefined;
  if (codes === undefined) return Buffer.from(buf.buffer, buf.byteOffset + start, byteLength).toString('hex');
  for (let i = 0; i < byteLength; i++) {
    const b = buf[start + i]!;
    codes[2 * i] = HEX_CODES[b >>> 4]!;
    codes[2 * i + 1] = HEX_CODES[b & 15]!;
  }
  return String.fromCharCode.apply(null, codes);
}

/** True when `byteLength` bytes from `start` are all zero. */
export function isZeroBytes(buf: Uint8Array, start: number, byteLength: number): boolean {
  let acc = 0;
  for (let i = 0; i < byteLength; i++) acc |= buf[start + i]!;
  return acc === 0;
}

/** True when the two byte ranges hold the same bytes. */
export function sameBytes(buf: Uint8Array, a: number, b: number, byteLength: number): boolean {
  for (let i = 0; i < byteLength; i++) if (buf[a + i] !== buf[b + i]) return false;
  return true;
}
