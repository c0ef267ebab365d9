/**
 * The search summaries of a segment's pages, in columns: where each page is in the log, its span count, time and
 * duration ranges, the operations it uses and its term bloom filter. One set of typed arrays per segment, not an
 * object per page, so that tables of many thousands of pages load with one copy and cost the garbage collector
 * nothing.
 *
 * Times and durations are doubles, widened by `SLACK` ns (lower bounds down, upper bounds up): nanosecond times near
 * 2^61 are not exact as doubles, and these columns only decide which pages a search may skip, so they must never be
 * narrower than the truth. Exact values live in the pages themselves.
 *
 * On disk (index files): u32 count · u32 ops length · u32 bloom bytes · u32 zero · f64 columns (offset, min start, max
 * start, max end, min duration, max duration) · u32 columns (length, span count, ops start ×(count+1), bloom start
 * ×(count+1)) · u32 ops · bloom bytes.
 */
import type { PageMeta } from './page-format.js';

export const SLACK = 4096;
const F64_COLUMNS = 6;

export class PageTable {
  count = 0;
  offsets: Float64Array;
  minStart: Float64Array;
  maxStart: Float64Array;
  maxEnd: Float64Array;
  minDuration: Float64Array;
  maxDuration: Float64Array;
  lengths: Uint32Array;
  spanCounts: Uint32Array;
  /** Page i's operation ids are ops[opsStart[i] .. opsStart[i + 1]). */
  opsStart: Uint32Array;
  ops: Uint32Array;
  /** Page i's bloom filter is blooms[bloomStart[i] .. bloomStart[i + 1]). */
  bloomStart: Uint32Array;
  blooms: Uint8Array;

  constructor(capacity = 64) {
    this.offsets = new Float64Array(capacity);
    this.minStart = new Float64Array(capacity);
    this.maxStart = new Float64Array(capacity);
    this.maxEnd = new Float64Array(capacity);
    this.minDuration = new Float64Array(capacity);
    this.maxDuration = new Float64Array(capacity);
    this.lengths = new Uint32Array(capacity);
    this.spanCounts = new Uint32Array(capacity);
    this.opsStart = new Uint32Array(capacity + 1);
    this.ops = new Uint32Array(capacity * 16);
    this.bloomStart = new Uint32Array(capacity + 1);
    this.blooms = new Uint8Array(capacity * 256);
  }

  /** Appends a page and returns its number. */
  add(offset: number, length: number, meta: PageMeta): number {
    const i = this.count;
    if (i === this.offsets.length) this.grow(i * 2);
    this.offsets[i] = offset;
    this.lengths[i] = length;
    this.spanCounts[i] = meta.spanCount;
    this.minStart[i] = Number(meta.minStart) - SLACK;
    this.maxStart[i] = Number(meta.maxStart) + SLACK;
    this.maxEnd[i] = Number(meta.maxEnd) + SLACK;
    this.minDuration[i] = Number(meta.minDuration) - SLACK;
    this.maxDuration[i] = Number(meta.maxDuration) + SLACK;
    const opsAt = this.opsStart[i]!;
    if (opsAt + meta.ops.length > this.ops.length) this.ops = grown(this.ops, (opsAt + meta.ops.length) * 2);
    this.ops.set(meta.ops, opsAt);
    this.opsStart[i + 1] = opsAt + meta.ops.length;
    const bloomAt = this.bloomStart[i]!;
    if (bloomAt + meta.bloom.length > this.blooms.length) this.blooms = grown(this.blooms, (bloomAt + meta.bloom.length) * 2);
    this.blooms.set(meta.bloom, bloomAt);
    this.bloomStart[i + 1] = bloomAt + meta.bloom.length;
    this.count = i + 1;
    return i;
  }

  bloomOf(i: number): Uint8Array {
    return this.blooms.subarray(this.bloomStart[i]!, this.bloomStart[i + 1]!);
  }

  /** Whether page i uses an operation marked 1 in `wanted`. */
  usesAnyOf(i: number, wanted: Uint8Array): boolean {
    for (let k = this.opsStart[i]!, end = this.opsStart[i + 1]!; k < end; k++) if (wanted[this.ops[k]!] === 1) return true;
    return false;
  }

  /** The on-disk form. */
  toBuffer(): Buffer {
    const n = this.count;
    const opsLength = this.opsStart[n]!;
    const bloomLength = this.bloomStart[n]!;
    const size = 16 + F64_COLUMNS * 8 * n + 4 * (2 * n + 2 * (n + 1)) + 4 * opsLength + bloomLength;
    const out = Buffer.alloc(size);
    out.writeUInt32LE(n, 0);
    out.writeUInt32LE(opsLength, 4);
    out.writeUInt32LE(bloomLength, 8);
    let at = 16;
    for (const col of [this.offsets, this.minStart, this.maxStart, this.maxEnd, this.minDuration, this.maxDuration]) {
      for (let i = 0; i < n; i++, at += 8) out.writeDoubleLE(col[i]!, at);
    }
    for (const [col, len] of [[this.lengths, n], [this.spanCounts, n], [this.opsStart, n + 1], [this.bloomStart, n + 1], [this.ops, opsLength]] as const) {
      for (let i = 0; i < len; i++, at += 4) out.writeUInt32LE(col[i]!, at);
    }
    out.set(this.blooms.subarray(0, bloomLength), at);
    return out;
  }

  /** Reads the on-disk form: one aligned copy, then views onto it. */
  static fromBuffer(buf: Buffer): PageTable {
    const n = buf.readUInt32LE(0);
    const opsLength = buf.readUInt32LE(4);
    const bloomLength = buf.readUInt32LE(8);
    const expected = 16 + F64_COLUMNS * 8 * n + 4 * (4 * n + 2) + 4 * opsLength + bloomLength;
    if (buf.length !== expected) throw new RangeError(`page table of ${n} pages should be ${expected} bytes, is ${buf.length}`);
    const ab = new ArrayBuffer(buf.length);
    new Uint8Array(ab).set(buf);
    const t = new PageTable(0);
    let at = 16;
    const f64 = (): Float64Array => {
      const v = new Float64Array(ab, at, n);
      at += 8 * n;
      return v;
    };
    const u32 = (len: number): Uint32Array => {
      const v = new Uint32Array(ab, at, len);
      at += 4 * len;
      return v;
    };
    t.offsets = f64();
    t.minStart = f64();
    t.maxStart = f64();
    t.maxEnd = f64();
    t.minDuration = f64();
    t.maxDuration = f64();
    t.lengths = u32(n);
    t.spanCounts = u32(n);
    t.opsStart = u32(n + 1);
    t.bloomStart = u32(n + 1);
    t.ops = u32(opsLength);
    t.blooms = new Uint8Array(ab, at, bloomLength);
    t.count = n;
    return t;
  }

  private grow(capacity: number): void {
    this.offsets = grown(this.offsets, capacity);
    this.minStart = grown(this.minStart, capacity);
    this.maxStart = grown(this.maxStart, capacity);
    this.maxEnd = grown(this.maxEnd, capacity);
    this.minDuration = grown(this.minDuration, capacity);
    this.maxDuration = grown(this.maxDuration, capacity);
    this.lengths = grown(this.lengths, capacity);
    this.spanCounts = grown(this.spanCounts, capacity);
    this.opsStart = grown(this.opsStart, capacity + 1);
    this.bloomStart = grown(this.bloomStart, capacity + 1);
  }
}

function grown<T extends Float64Array | Uint32Array | Uint8Array>(a: T, capacity: number): T {
  const b = new (a.constructor as new (n: number) => T)(Math.max(capacity, 1));
  b.set(a as never);
  return b;
}
