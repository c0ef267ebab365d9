/** Trace and span ids as raw bytes (half the size of their hex), with a string fallback for ids that are not canonical. */
import { bytesToHex } from '../../model/index.js';
import type { ByteReader } from './byte-reader.js';
import type { ByteWriter } from './byte-writer.js';

/** By UTF-16 code unit: the value of a lowercase hex digit, else -1 (a full table spares a range check per char). */
const HEX_VALUE = new Int8Array(65536).fill(-1);
for (let i = 0; i < 10; i++) HEX_VALUE[48 + i] = i;
for (let i = 0; i < 6; i++) HEX_VALUE[97 + i] = 10 + i;

/**
 * Writes `hex` as `byteLength` raw bytes at `w.pos` and advances, when it is lowercase hex of exactly that length;
 * otherwise writes nothing and returns false (the caller stores the string). Validates and converts in one pass.
 */
export function tryWriteHexId(w: ByteWriter, hex: string, byteLength: number): boolean {
  if (hex.length !== byteLength * 2) return false;
  w.ensure(byteLength);
  const buf = w.buf;
  const pos = w.pos;
  for (let i = 0; i < byteLength; i++) {
    const hi = HEX_VALUE[hex.charCodeAt(2 * i)]!;
    const lo = HEX_VALUE[hex.charCodeAt(2 * i + 1)]!;
    if ((hi | lo) < 0) return false;
    buf[pos + i] = (hi << 4) | lo;
  }
  w.pos = pos + byteLength;
  return true;
}

export function readHexId(r: ByteReader, byteLength: number): string {
  const start = r.pos;
  r.pos += byteLength;
  return bytesToHex(r.buf, start, start + byteLength);
}
