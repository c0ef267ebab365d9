/** Node's Buffer method behind `toString('utf8', start, end)`, called directly to skip argument handling. */
type SliceableBuffer = Buffer & { utf8Slice(start: number, end: number): string };

const SLOT = new ArrayBuffer(8);
const U64_SLOT = new BigUint64Array(SLOT);
const I64_SLOT = new BigInt64Array(SLOT);
const SLOT_BYTES = new Uint8Array(SLOT);

/** Reads what `ByteWriter` wrote. The store's own bytes: no bounds errors are expected, so none are checked twice. */
export class ByteReader {
  buf: Buffer;
  pos: number;

  constructor(buf: Buffer, pos = 0) {
    this.buf = buf;
    this.pos = pos;
  }

  u8(): number {
    return this.buf[this.pos++]!;
  }

  u32(): number {
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  varint(): number {
    const buf = this.buf;
    let b = buf[this.pos++]!;
    if (b < 0x80) return b;
    let v = b & 0x7f;
    let mul = 128;
    for (;;) {
      const next = buf[this.pos++];
      // Past the end means corrupt bytes (a bug): fail instead of looping forever.
      if (next === undefined) throw new RangeError('memory store: truncated varint in stored span bytes');
      b = next;
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 128;
    }
  }

  /** An unsigned 64-bit value (one BigInt allocated, where `readBigUInt64LE` makes several). */
  u64(): bigint {
    this.fill8();
    return U64_SLOT[0]!;
  }

  i64(): bigint {
    this.fill8();
    return I64_SLOT[0]!;
  }

  /** The unsigned 64-bit value at `at`, leaving the position alone. */
  u64At(at: number): bigint {
    const buf = this.buf;
    for (let i = 0; i < 8; i++) SLOT_BYTES[i] = buf[at + i]!;
    return U64_SLOT[0]!;
  }

  private fill8(): void {
    const buf = this.buf;
    const p = this.pos;
    for (let i = 0; i < 8; i++) SLOT_BYTES[i] = buf[p + i]!;
    this.pos = p + 8;
  }

  f64(): number {
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  string(): string {
    const n = this.varint();
    if (n === 0) return '';
    const start = this.pos;
    this.pos += n;
    return (this.buf as SliceableBuffer).utf8Slice(start, start + n);
  }

  /** A fresh copy of length-prefixed bytes (the caller may keep and mutate it). */
  bytes(): Uint8Array {
    const n = this.varint();
    const start = this.pos;
    this.pos += n;
    return new Uint8Array(this.buf.subarray(start, start + n));
  }

  skip(n: number): void {
    this.pos += n;
  }
}
