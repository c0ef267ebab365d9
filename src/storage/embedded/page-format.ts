/**
 * A page: the unit of compression and of reading. It holds whole trace chunks (the spans of one trace from one write)
 * of roughly `PAGE_TARGET_BYTES` before compression; a chunk larger than that is split over several pages.
 *
 * On disk a page is a meta section, stored uncompressed so that searches and recovery read it without inflating, and
 * a body, compressed as one unit.
 *
 * Meta: u32 span count · u64 min start · u64 max start · u64 max end · u64 min duration · u64 max duration (ns) ·
 * u32 body length before compression · u8 codec · operation ids (varint count, ascending varint deltas) · term bloom
 * (varint length, bytes) · chunk directory (varint count; per chunk 16 raw trace id bytes, varint span count, varint
 * offset of its first span in the span section).
 *
 * Body: string table · resources (varint count; attributes, dropped count, schema URL) · scopes (varint count; name,
 * version, attributes, dropped count, schema URL) · span section (see span-codec.ts).
 */
import { ByteReader } from './byte-reader.js';
import type { ByteWriter } from './byte-writer.js';

export const PAGE_TARGET_BYTES = 24 * 1024;

export const Codec = { NONE: 0, DEFLATE: 1, BROTLI: 2 } as const;
export type Codec = (typeof Codec)[keyof typeof Codec];

/** Everything a search or trace lookup needs to know about a page without reading its body. */
export interface PageMeta {
  spanCount: number;
  minStart: bigint;
  maxStart: bigint;
  maxEnd: bigint;
  minDuration: bigint;
  maxDuration: bigint;
  bodyLength: number;
  codec: Codec;
  /** Ascending operation ids used by the page's spans. */
  ops: Uint32Array;
  /** Bloom filter of the page's search terms. */
  bloom: Uint8Array;
  /** 16 bytes per chunk. */
  chunkTraceIds: Buffer;
  chunkSpanCounts: Uint32Array;
  chunkOffsets: Uint32Array;
}

export function writePageMeta(w: ByteWriter, m: PageMeta, withChunks: boolean): void {
  w.u32(m.spanCount);
  w.u64(m.minStart);
  w.u64(m.maxStart);
  w.u64(m.maxEnd);
  w.u64(m.minDuration);
  w.u64(m.maxDuration);
  w.u32(m.bodyLength);
  w.u8(m.codec);
  w.varint(m.ops.length);
  let prev = 0;
  for (let i = 0; i < m.ops.length; i++) {
    w.varint(m.ops[i]! - prev);
    prev = m.ops[i]!;
  }
  w.varint(m.bloom.length);
  w.bytes(m.bloom);
  if (!withChunks) return;
  const n = m.chunkSpanCounts.length;
  w.varint(n);
  for (let i = 0; i < n; i++) {
    w.bytes(m.chunkTraceIds.subarray(i * 16, i * 16 + 16));
    w.varint(m.chunkSpanCounts[i]!);
    w.varint(m.chunkOffsets[i]!);
  }
}

const NO_CHUNKS = Buffer.alloc(0);

export function readPageMeta(r: ByteReader, withChunks: boolean): PageMeta {
  const spanCount = r.u32();
  const minStart = r.u64();
  const maxStart = r.u64();
  const maxEnd = r.u64();
  const minDuration = r.u64();
  const maxDuration = r.u64();
  const bodyLength = r.u32();
  const codec = r.u8() as Codec;
  const opCount = r.varint();
  const ops = new Uint32Array(opCount);
  let prev = 0;
  for (let i = 0; i < opCount; i++) ops[i] = prev += r.varint();
  const bloom = new Uint8Array(r.bytes(r.varint()));
  let chunkTraceIds = NO_CHUNKS;
  let chunkSpanCounts = new Uint32Array(0);
  let chunkOffsets = new Uint32Array(0);
  if (withChunks) {
    const n = r.varint();
    chunkTraceIds = Buffer.allocUnsafe(n * 16);
    chunkSpanCounts = new Uint32Array(n);
    chunkOffsets = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      r.buf.copy(chunkTraceIds, i * 16, r.pos, r.pos + 16);
      r.pos += 16;
      if (r.pos > r.end) throw new RangeError('chunk directory past the end of the page meta');
      chunkSpanCounts[i] = r.varint();
      chunkOffsets[i] = r.varint();
    }
  }
  return { spanCount, minStart, maxStart, maxEnd, minDuration, maxDuration, bodyLength, codec, ops, bloom, chunkTraceIds, chunkSpanCounts, chunkOffsets };
}

/** Reads a meta section from `buf` (convenience for callers without a reader). */
export function parsePageMeta(buf: Buffer, start: number, end: number, withChunks: boolean): PageMeta {
  return readPageMeta(new ByteReader(buf, start, end), withChunks);
}
