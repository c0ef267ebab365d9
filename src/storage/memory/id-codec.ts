/** Trace and span ids as raw bytes (half the size of their hex), with a string fallback for ids that are not canonical. */
import { bytesToHex } from '../../model/index.js';
import type { ByteReader } from './byte-reader.js';
import type { ByteWriter } from './byte-writer.js';

const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX_VALUE[48 + i] = i;
for (let i = 0; i < 6; i++) HEX_VALUE[97 + i] = 10 + i;

/** Whether `hex` is lowercase hex of exactly `byteLength` bytes, so that `writeHexId` can store it raw. */
export function isCompactId(hex: string, byteLength: number): boolean {
  if (hex.length !== byteLength * 2) return false;
  for (let i = 0; i < hex.length; i++) {
    const c = hex.charCodeAt(i);
    if (c >= 128 || HEX_VALUE[c]! < 0) return false;
  }
  return true;
}

/** Writes a compact id (checked with `isCompactId`) as `hex.length / 2` raw bytes. */
export function writeHexId(w: ByteWriter, hex: string): void {
  const n = hex.length >> 1;
  w.ensure(n);
  const buf = w.buf;
  let pos = w.pos;
  for (let i = 0; i < hex.length; i += 2) {
    buf[pos++] = (HEX_VALUE[hex.charCodeAt(i)]! << 4) | HEX_VALUE[hex.charCodeAt(i + 1)]!;
  }
  w.pos = pos;
}

export function readHexId(r: ByteReader, byteLength: number): string {
  const start = r.pos;
  r.pos += byteLength;
  return bytesToHex(r.buf, start, start + byteLength);
}
