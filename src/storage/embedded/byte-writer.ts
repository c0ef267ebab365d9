/**
 * A little-endian byte writer over one growable Buffer. The embedded store encodes every page and index file through
 * it; one writer is reused across pages so the steady state allocates nothing but the finished output.
 */
const TWO_POW_32 = 4294967296;
const U64_MAX = (1n << 64n) - 1n;
const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) NIBBLE[48 + i] = i;
for (let i = 0; i < 6; i++) NIBBLE[97 + i] = 10 + i;

export class ByteWriter {
  buf: Buffer;
  pos = 0;
  /** Over `buf`, for 64-bit writes: DataView's setBigUint64 converts without allocating, Buffer's does not. */
  private view: DataView;

  constructor(initialSize = 64 * 1024) {
    this.buf = Buffer.alloc(initialSize);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  reset(): void {
    this.pos = 0;
  }

  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(need, this.buf.length * 2));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  u16(v: number): void {
    this.ensure(2);
    this.buf.writeUInt16LE(v, this.pos);
    this.pos += 2;
  }

  u32(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(v >>> 0, this.pos);
    this.pos += 4;
  }

  patchU32(at: number, v: number): void {
    this.buf.writeUInt32LE(v >>> 0, at);
  }

  /** A u64 from a bigint; values outside [0, 2^64) keep their low 64 bits. */
  u64(v: bigint): void {
    this.ensure(8);
    this.view.setBigUint64(this.pos, v >= 0n && v <= U64_MAX ? v : BigInt.asUintN(64, v), true);
    this.pos += 8;
  }

  /** A u64 given as a number (exact up to 2^53). */
  u64n(v: number): void {
    this.ensure(8);
    const hi = Math.floor(v / TWO_POW_32);
    this.buf.writeUInt32LE(v - hi * TWO_POW_32, this.pos);
    this.buf.writeUInt32LE(hi, this.pos + 4);
    this.pos += 8;
  }

  f64(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }

  /** Unsigned varint for 0 ≤ v < 2^53. */
  varint(v: number): void {
    this.ensure(8);
    const buf = this.buf;
    let p = this.pos;
    while (v >= 0x80) {
      buf[p++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    buf[p++] = v;
    this.pos = p;
  }

  bytes(src: Uint8Array): void {
    this.ensure(src.length);
    this.buf.set(src, this.pos);
    this.pos += src.length;
  }

  /** A varint length then UTF-8 bytes; short ASCII strings skip the encoder call. */
  string(s: string): void {
    const n = s.length;
    if (n < 64) {
      this.ensure(1 + n);
      const buf = this.buf;
      const at = this.pos;
      let ascii = true;
      for (let i = 0; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) {
          ascii = false;
          break;
        }
        buf[at + 1 + i] = c;
      }
      if (ascii) {
        buf[at] = n;
        this.pos = at + 1 + n;
        return;
      }
    }
    const len = Buffer.byteLength(s, 'utf8');
    this.varint(len);
    this.ensure(len);
    this.buf.write(s, this.pos, len, 'utf8');
    this.pos += len;
  }

  /**
   * Writes `hex` as raw bytes when it is exactly `bytes * 2` lowercase hex digits and returns true; otherwise writes
   * nothing and returns false.
   */
  hexIfCanonical(hex: string, bytes: number): boolean {
    if (hex.length !== bytes * 2) return false;
    this.ensure(bytes);
    const buf = this.buf;
    const at = this.pos;
    for (let i = 0; i < bytes; i++) {
      const hi = NIBBLE[hex.charCodeAt(2 * i) & 127]!;
      const lo = NIBBLE[hex.charCodeAt(2 * i + 1) & 127]!;
      if ((hi | lo) < 0 || hex.charCodeAt(2 * i) > 127 || hex.charCodeAt(2 * i + 1) > 127) return false;
      buf[at + i] = (hi << 4) | lo;
    }
    this.pos = at + bytes;
    return true;
  }

  /** A copy of what was written. */
  toBuffer(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }
}
