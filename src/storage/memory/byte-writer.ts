/**
 * An append-only little-endian byte writer over one growable Buffer, reused across batches: the memory store encodes
 * spans here and copies the bytes into each trace's own buffer.
 */
const TWO_POW_32 = 4294967296;
const SLOT = new ArrayBuffer(8);
const U64_SLOT = new BigUint64Array(SLOT);
const I64_SLOT = new BigInt64Array(SLOT);
const SLOT_BYTES = new Uint8Array(SLOT);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
if (!LITTLE_ENDIAN) throw new Error('the memory store assumes a little-endian CPU');

export class ByteWriter {
  buf: Buffer;
  pos = 0;
  private readonly initialSize: number;

  constructor(initialSize = 64 * 1024) {
    this.initialSize = initialSize;
    this.buf = Buffer.allocUnsafeSlow(initialSize);
  }

  /** Starts over; gives back a buffer that a huge batch grew far beyond its usual size. */
  reset(): void {
    this.pos = 0;
    if (this.buf.length > 64 * this.initialSize) this.buf = Buffer.allocUnsafeSlow(this.initialSize);
  }

  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    const next = Buffer.allocUnsafeSlow(Math.max(need, this.buf.length * 2));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  /** Stores a u32 at `at`, inside bytes already reserved with `ensure`; the position is left alone. */
  putU32(at: number, v: number): void {
    const buf = this.buf;
    buf[at] = v;
    buf[at + 1] = v >>> 8;
    buf[at + 2] = v >>> 16;
    buf[at + 3] = v >>> 24;
  }

  /** Stores a u64 (modulo 2^64) at `at`, inside bytes already reserved with `ensure`; the position is left alone. */
  putU64(at: number, v: bigint): void {
    U64_SLOT[0] = v;
    this.put8(at);
  }

  /** Unsigned varint for 0 ≤ v ≤ 2^53. */
  varint(v: number): void {
    // Most varints (counts, dictionary ids) fit one byte: a small body that V8 inlines into its callers.
    if (v < 0x80 && this.pos < this.buf.length) {
      this.buf[this.pos++] = v;
      return;
    }
    this.longVarint(v);
  }

  private longVarint(v: number): void {
    this.ensure(8);
    const buf = this.buf;
    let pos = this.pos;
    if (v < TWO_POW_32) {
      let n = v >>> 0;
      while (n > 0x7f) {
        buf[pos++] = (n & 0x7f) | 0x80;
        n >>>= 7;
      }
      buf[pos++] = n;
    } else {
      let n = v;
      while (n > 0x7f) {
        buf[pos++] = (n % 128) | 0x80;
        n = Math.floor(n / 128);
      }
      buf[pos++] = n;
    }
    this.pos = pos;
  }

  /** An unsigned 64-bit value, taken modulo 2^64 (without the BigInt temporaries of `writeBigUInt64LE`). */
  u64(v: bigint): void {
    U64_SLOT[0] = v;
    this.copy8();
  }

  i64(v: bigint): void {
    I64_SLOT[0] = v;
    this.copy8();
  }

  private copy8(): void {
    this.ensure(8);
    this.put8(this.pos);
    this.pos += 8;
  }

  private put8(p: number): void {
    const buf = this.buf;
    buf[p] = SLOT_BYTES[0]!;
    buf[p + 1] = SLOT_BYTES[1]!;
    buf[p + 2] = SLOT_BYTES[2]!;
    buf[p + 3] = SLOT_BYTES[3]!;
    buf[p + 4] = SLOT_BYTES[4]!;
    buf[p + 5] = SLOT_BYTES[5]!;
    buf[p + 6] = SLOT_BYTES[6]!;
    buf[p + 7] = SLOT_BYTES[7]!;
  }

  f64(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }

  /** A UTF-8 string prefixed by its byte length. */
  string(s: string): void {
    const n = s.length;
    if (n < 128) {
      // Short ASCII (nearly every name and value) is copied by hand: cheaper than a call into C++ per string.
      this.ensure(1 + n);
      const buf = this.buf;
      const base = this.pos + 1;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[base + i] = c;
      }
      if (i === n) {
        buf[this.pos] = n;
        this.pos = base + n;
        return;
      }
    }
    const bytes = Buffer.byteLength(s, 'utf8');
    this.varint(bytes);
    this.ensure(bytes);
    this.buf.write(s, this.pos, bytes, 'utf8');
    this.pos += bytes;
  }

  /** Raw bytes prefixed by their length. */
  bytes(b: Uint8Array): void {
    this.varint(b.byteLength);
    this.ensure(b.byteLength);
    this.buf.set(b, this.pos);
    this.pos += b.byteLength;
  }
}
