/**
 * A protobuf writer for the hand-written OTLP encoder: one growing buffer written in a single pass.
 *
 * Why not protobufjs' Writer (measured on realistic Jaeger-agent batches, `node dist/bench/encode-otlp.js`): it queues
 * an operation object per value and a fork per nested message, then replays them, and the encoder converted every id
 * with `Buffer.from(hex, 'hex')` and every 64-bit time through four BigInt operations; together that cost more per
 * span than decoding the span. Here values go straight into the buffer:
 * - a nested message reserves the bytes its length prefix will probably need, and when it ends the prefix is written
 *   there; if the guess was wrong the content moves by a byte or two (rare: guesses follow each message's usual size),
 *   so the output is the same minimal encoding protobuf libraries produce;
 * - strings under 24 characters (most keys and values) are UTF-8-encoded by a JS loop, which costs less than a call
 *   into Node's native writer there; longer ones go native;
 * - ids are written from their hex text; fixed64 and double go through a DataView.
 * Not reentrant; `finish` returns a copy, so the scratch buffer is reused by the next encoding.
 */

import { writeUtf8 } from './utf8-write.js';

const INITIAL_BYTES = 64 * 1024;
/** From this length on, one call into Node's native UTF-8 writer beats the JS loop (measured crossover: 24–32). */
const NATIVE_STRING_CHARS = 24;
const HEX_VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUES['0123456789abcdef'.charCodeAt(i)] = i;
  HEX_VALUES['0123456789ABCDEF'.charCodeAt(i)] = i;
}

interface NativeUtf8 {
  utf8Write(s: string, offset: number, maxBytes: number): number;
}
const hasUtf8Write = typeof (Buffer.prototype as unknown as Partial<NativeUtf8>).utf8Write === 'function';

export class ProtobufWriter {
  buf: Buffer = Buffer.allocUnsafe(INITIAL_BYTES);
  view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  /** `buf` as a plain Uint8Array: its `subarray`/`slice` are V8 builtins, without Buffer's JS wrappers. */
  private bytesView = new Uint8Array(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  pos = 0;
  private cap = INITIAL_BYTES;
  /** Where the last 16-byte id (a trace id) `lastId` was written, length byte first (-1: not in this encoding). */
  private lastIdAt = -1;
  private lastId = '';

  reset(): void {
    this.pos = 0;
    this.lastIdAt = -1;
  }

  /** A copy of what was written. */
  finish(): Uint8Array {
    return this.bytesView.slice(0, this.pos);
  }

  /** The bytes written so far, without copying (valid until the next write or reset). */
  written(): Uint8Array {
    return this.bytesView.subarray(0, this.pos);
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.cap) return;
    let size = this.cap * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
    this.cap = size;
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
    this.bytesView = new Uint8Array(next.buffer, next.byteOffset, next.byteLength);
  }

  /** A field key (tag) of a field number below 16, or any value below 128. */
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  /** Unsigned varint of 0 … 2^32-1. */
  varint32(n: number): void {
    this.ensure(5);
    const buf = this.buf;
    let pos = this.pos;
    let v = n >>> 0;
    while (v >= 0x80) {
      buf[pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[pos++] = v;
    this.pos = pos;
  }

  /** int64 varint (two's complement, 10 bytes when negative). */
  int64(v: bigint): void {
    const n = Number(v);
    if (Number.isSafeInteger(n)) {
      if (n >= 0) {
        this.varint64(Math.floor(n / 4294967296), n >>> 0);
      } else {
        // Two's complement of a negative safe integer: low half by bit arithmetic, high half borrows when low is 0.
        const low = n % 4294967296;
        const lo = low === 0 ? 0 : (4294967296 + low) >>> 0;
        const hi = Math.floor(n / 4294967296) >>> 0;
        this.varint64(hi, lo);
      }
      return;
    }
    const u = BigInt.asUintN(64, v);
    this.varint64(Number(u >> 32n), Number(u & 0xffffffffn));
  }

  /** Varint of the 64-bit value `hi * 2^32 + lo` (both unsigned 32-bit). */
  varint64(hi: number, lo: number): void {
    if (hi === 0) return this.varint32(lo);
    this.ensure(10);
    const buf = this.buf;
    let pos = this.pos;
    // First 28 bits of lo, then 4 bits of lo with 3 of hi, then the rest of hi.
    for (let i = 0; i < 4; i++) {
      buf[pos++] = (lo & 0x7f) | 0x80;
      lo >>>= 7;
    }
    let v = lo | ((hi & 0x07) << 4);
    hi >>>= 3;
    if (hi === 0) {
      buf[pos++] = v;
    } else {
      buf[pos++] = v | 0x80;
      v = hi;
      while (v >= 0x80) {
        buf[pos++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      buf[pos++] = v;
    }
    this.pos = pos;
  }

  fixed32(n: number): void {
    this.ensure(4);
    this.view.setUint32(this.pos, n >>> 0, true);
    this.pos += 4;
  }

  /** The low 64 bits of `v`, little-endian. */
  fixed64(v: bigint): void {
    this.ensure(8);
    this.view.setBigUint64(this.pos, v, true);
    this.pos += 8;
  }

  double(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  /**
   * Starts a length-delimited message, reserving `guess` bytes (1–5) for its length; returns the mark to pass to
   * `endMessage`.
   */
  beginMessage(guess: number): number {
    this.ensure(guess);
    const mark = this.pos;
    this.pos += guess;
    return mark * 8 + guess;
  }

  /** Writes the length of the message begun at `mark`, moving its content when the reserved size was wrong. */
  endMessage(mark: number): void {
    const guess = mark & 7;
    const at = (mark - guess) / 8;
    const start = at + guess;
    const length = this.pos - start;
    const size = varintSize(length);
    if (size !== guess) {
      this.ensure(size - guess);
      this.buf.copyWithin(at + size, start, this.pos);
      this.pos += size - guess;
      if (this.lastIdAt >= start) this.lastIdAt += size - guess;
    }
    const buf = this.buf;
    let pos = at;
    let v = length;
    while (v >= 0x80) {
      buf[pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[pos] = v;
  }

  /** A length-prefixed UTF-8 string (lone surrogates become U+FFFD, as Buffer does). */
  string(s: string): void {
    const n = s.length;
    // UTF-8 takes n to 3n bytes for n UTF-16 units: reserve the prefix of the ASCII case, the end fixes it if needed.
    const mark = this.beginMessage(varintSize(n));
    this.ensure(3 * n);
    if (n >= NATIVE_STRING_CHARS && hasUtf8Write) {
      this.pos += (this.buf as unknown as NativeUtf8).utf8Write(s, this.pos, 3 * n);
    } else {
      this.pos = writeUtf8(this.buf, this.pos, s);
    }
    this.endMessage(mark);
  }

  /**
   * A whole `KeyValue{key, value: AnyValue{string_value}}` message under `fieldKey`, in one go, when both strings are
   * non-empty ASCII and the message stays under 128 bytes (every length then takes one byte): the usual attribute.
   * Returns false, having written nothing, otherwise. Measured ~25 % off encoding a span (bench/encode-otlp.ts).
   */
  asciiStringKeyValue(fieldKey: number, key: string, value: string): boolean {
    const kn = key.length;
    const vn = value.length;
    if (kn === 0 || kn + vn > 121) return false;
    this.ensure(kn + vn + 8);
    const buf = this.buf;
    const at = this.pos;
    buf[at] = fieldKey;
    buf[at + 1] = kn + vn + 6;
    buf[at + 2] = 0x0a;
    buf[at + 3] = kn;
    let pos = at + 4;
    let bits = 0;
    for (let i = 0; i < kn; i++) {
      const c = key.charCodeAt(i);
      bits |= c;
      buf[pos++] = c;
    }
    buf[pos++] = 0x12;
    buf[pos++] = vn + 2;
    buf[pos++] = 0x0a;
    buf[pos++] = vn;
    for (let i = 0; i < vn; i++) {
      const c = value.charCodeAt(i);
      bits |= c;
      buf[pos++] = c;
    }
    if (bits >= 0x80) return false;
    this.pos = pos;
    return true;
  }

  /**
   * Length-prefixed copy of `src[start, end)` when those bytes are all ASCII (so already the UTF-8 of the string a
   * decoder would make of them); returns false, having written nothing, otherwise. For transcoders that never build
   * the string.
   */
  asciiFrom(src: Uint8Array, start: number, end: number): boolean {
    const n = end - start;
    this.ensure(n + 5);
    const mark = this.beginMessage(varintSize(n));
    const buf = this.buf;
    let pos = this.pos;
    let bits = 0;
    for (let i = start; i < end; i++) {
      const b = src[i]!;
      bits |= b;
      buf[pos++] = b;
    }
    if (bits >= 0x80) {
      this.pos = (mark - (mark & 7)) / 8;
      return false;
    }
    this.pos = pos;
    this.endMessage(mark);
    return true;
  }

  /**
   * As `asciiStringKeyValue`, from the key's and value's bytes `src[ks, ke)` and `src[vs, ve)` (the usual attribute of
   * a transcoded span); returns false, having written nothing, unless both are ASCII, the key is not empty and the
   * message stays under 128 bytes.
   */
  asciiKeyValueFrom(fieldKey: number, src: Uint8Array, ks: number, ke: number, vs: number, ve: number): boolean {
    const kn = ke - ks;
    const vn = ve - vs;
    if (kn === 0 || kn + vn > 121) return false;
    this.ensure(kn + vn + 8);
    const buf = this.buf;
    const at = this.pos;
    buf[at] = fieldKey;
    buf[at + 1] = kn + vn + 6;
    buf[at + 2] = 0x0a;
    buf[at + 3] = kn;
    let pos = at + 4;
    let bits = 0;
    for (let i = ks; i < ke; i++) {
      const b = src[i]!;
      bits |= b;
      buf[pos++] = b;
    }
    buf[pos++] = 0x12;
    buf[pos++] = vn + 2;
    buf[pos++] = 0x0a;
    buf[pos++] = vn;
    for (let i = vs; i < ve; i++) {
      const b = src[i]!;
      bits |= b;
      buf[pos++] = b;
    }
    if (bits >= 0x80) return false;
    this.pos = pos;
    return true;
  }

  /** Bytes copied as they are (an already encoded message). */
  raw(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.ensure(n);
    const buf = this.buf;
    const pos = this.pos;
    if (n < 64) {
      for (let i = 0; i < n; i++) buf[pos + i] = src[start + i]!;
    } else {
      this.bytesView.set(src.subarray(start, end), pos);
    }
    this.pos = pos + n;
  }

  /** The 64-bit value `hi * 2^32 + lo` (unsigned 32-bit halves), little-endian. */
  fixed64Halves(hi: number, lo: number): void {
    this.ensure(8);
    this.view.setUint32(this.pos, lo >>> 0, true);
    this.view.setUint32(this.pos + 4, hi >>> 0, true);
    this.pos += 8;
  }

  /** Length-prefixed bytes. */
  bytes(b: Uint8Array): void {
    const n = b.length;
    this.varint32(n);
    this.ensure(n);
    if (n < 32) {
      const buf = this.buf;
      const pos = this.pos;
      for (let i = 0; i < n; i++) buf[pos + i] = b[i]!;
    } else {
      this.buf.set(b, this.pos);
    }
    this.pos += n;
  }

  /**
   * Length-prefixed bytes of an id given as hex text (any case); text that is not hex is converted like Buffer does.
   * The spans of a batch mostly share trace ids (one string each from the decoders), so a trace id equal to the
   * previous one is copied from where it was written instead of being parsed again.
   */
  hexBytes(hex: string): void {
    const n = hex.length >>> 1;
    this.ensure(n + 5);
    const buf = this.buf;
    const at = this.pos;
    if (hex === this.lastId && this.lastIdAt >= 0) {
      const from = this.lastIdAt;
      for (let i = 0; i <= n; i++) buf[at + i] = buf[from + i]!;
      this.pos = at + n + 1;
      return;
    }
    let ok = n < 128 && (hex.length & 1) === 0;
    for (let i = 0; ok && i < n; i++) {
      const h = hex.charCodeAt(2 * i);
      const l = hex.charCodeAt(2 * i + 1);
      const hv = h < 128 ? HEX_VALUES[h]! : -1;
      const lv = l < 128 ? HEX_VALUES[l]! : -1;
      if ((hv | lv) < 0) ok = false;
      else buf[at + 1 + i] = (hv << 4) | lv;
    }
    if (!ok) {
      this.bytes(Buffer.from(hex, 'hex'));
      return;
    }
    buf[at] = n;
    this.pos = at + 1 + n;
    if (n === 16) {
      this.lastId = hex;
      this.lastIdAt = at;
    }
  }
}

/** Bytes of the varint encoding of 0 … 2^32-1. */
export function varintSize(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;
}
