/**
 * The contract both Thrift protocol readers (compact, binary) implement, so one set of struct decoders serves both.
 *
 * Readers work on one in-memory buffer, never allocate for what they skip, and throw `ThriftDecodeError` on malformed
 * input; only the public decode functions catch it, so a bad datagram costs one exception and nothing else.
 * Every length and element count is checked against the bytes left before anything is read, so a list that claims
 * 2^31 elements fails at once instead of allocating.
 */

/** Deepest nesting of structs and containers accepted (Jaeger's own schema needs 4). */
export const MAX_NESTING = 64;

export class ThriftDecodeError extends Error {
  override readonly name = 'ThriftDecodeError';
}

export interface ThriftMessageHeader {
  name: string;
  type: number;
  seqId: number;
}

export interface ThriftReader {
  /** Offset of the next unread byte. */
  pos: number;
  /** Field id of the header `readFieldBegin` last returned. */
  fieldId: number;
  /** Element type of the list or set last begun, or key type of the map last begun (binary-protocol numbering). */
  elementType: number;
  /** Value type of the map last begun. */
  valueType: number;

  readMessageBegin(): ThriftMessageHeader;
  /** Enters a struct; throws past `MAX_NESTING`. */
  beginStruct(): void;
  endStruct(): void;
  /** Next field's type, `TType.STOP` (0) at the end of the struct; sets `fieldId`. */
  readFieldBegin(): number;
  /** Size of a list or set and sets `elementType`. */
  readListBegin(): number;
  /** Size of a map and sets `elementType` (keys) and `valueType`. */
  readMapBegin(): number;

  readBool(): boolean;
  readI8(): number;
  readI16(): number;
  readI32(): number;
  readI64(): bigint;
  /** An i64 as 16 lowercase hex characters of its two's-complement bits (how Jaeger ids are shown). */
  readI64Hex(): string;
  /** True when the next i64 is zero (consumes it). */
  readI64IsZero(): boolean;
  readDouble(): number;
  readString(): string;
  /** A copy of the bytes, so the result does not pin the whole input buffer. */
  readBinary(): Uint8Array;
  skipBinary(): void;
  /** Skips `n` fixed bytes (doubles, uuids, and the like). */
  skipBytes(n: number): void;
}

export function truncatedAt(pos: number, need: number, left: number): ThriftDecodeError {
  return new ThriftDecodeError(`truncated at byte ${pos} (needs ${need} bytes, ${left} left)`);
}

export function tooManyElements(pos: number, size: number, left: number): ThriftDecodeError {
  return new ThriftDecodeError(`container at byte ${pos} claims ${size} elements but only ${left} bytes remain`);
}

export function negativeLength(pos: number, length: number): ThriftDecodeError {
  return new ThriftDecodeError(`negative length ${length} at byte ${pos}`);
}

export function tooDeep(pos: number): ThriftDecodeError {
  return new ThriftDecodeError(`nesting deeper than ${MAX_NESTING} levels at byte ${pos}`);
}

/** A plain Uint8Array copy of `buf[start, end)` (not a Buffer view that would pin the input). */
export function copyBytes(buf: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(end - start);
  out.set(buf.subarray(start, end));
  return out;
}

/** Views any Uint8Array as a Buffer without copying. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** 16 hex characters of a 64-bit value given as two 32-bit halves (any sign). */
export function u32PairToHex(hi: number, lo: number): string {
  return (
    HEX[(hi >>> 24) & 255]! +
    HEX[(hi >>> 16) & 255]! +
    HEX[(hi >>> 8) & 255]! +
    HEX[hi & 255]! +
    HEX[(lo >>> 24) & 255]! +
    HEX[(lo >>> 16) & 255]! +
    HEX[(lo >>> 8) & 255]! +
    HEX[lo & 255]!
  );
}

/** The signed 64-bit value with signed high half `hi` and low half `lo`, exact for every input. */
export function i64FromHalves(hi: number, lo: number): bigint {
  const h = hi | 0;
  const l = lo >>> 0;
  // Within ±2^53 the double arithmetic is exact and avoids two BigInt operations.
  if (h >= -0x200000 && h < 0x200000) return BigInt(h * 4294967296 + l);
  return (BigInt(h) << 32n) + BigInt(l);
}
