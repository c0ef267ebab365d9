/**
 * A bloom filter over 32-bit hashes: `bitsPerItem` bits per expected item and 5 probes by double hashing (the second
 * hash derived from the first). With 8 bits per item about 2 % of absent items test positive; present items always do.
 * The bytes are the on-disk form: `bloomFrom(bytes)` reads a filter back.
 */
import { mix32 } from './term-hash.js';

const PROBES = 5;

export function bloomBytesFor(items: number, bitsPerItem: number): number {
  return Math.max(8, Math.ceil((Math.max(1, items) * bitsPerItem) / 8));
}

/** Sets the bits of `hash` in `bits` (a filter of `bits.length * 8` bits). */
export function bloomAdd(bits: Uint8Array, hash: number): void {
  const m = bits.length * 8;
  const h2 = mix32(hash ^ 0x5bd1e995) | 1;
  let h = hash >>> 0;
  for (let i = 0; i < PROBES; i++) {
    const bit = h % m;
    bits[bit >>> 3]! |= 1 << (bit & 7);
    h = (h + h2) >>> 0;
  }
}

/** Whether `hash` may have been added (false means certainly not). An empty `bits` holds nothing. */
export function bloomHas(bits: Uint8Array, hash: number): boolean {
  const m = bits.length * 8;
  if (m === 0) return false;
  const h2 = mix32(hash ^ 0x5bd1e995) | 1;
  let h = hash >>> 0;
  for (let i = 0; i < PROBES; i++) {
    const bit = h % m;
    if ((bits[bit >>> 3]! & (1 << (bit & 7))) === 0) return false;
    h = (h + h2) >>> 0;
  }
  return true;
}

/** A filter holding every hash of `hashes`, sized for their count. */
export function buildBloom(hashes: Iterable<number>, count: number, bitsPerItem: number): Uint8Array {
  const bits = new Uint8Array(bloomBytesFor(count, bitsPerItem));
  for (const h of hashes) bloomAdd(bits, h);
  return bits;
}
