/**
 * The index file of a sealed segment (`<name>.idx`), written once when the segment stops taking writes.
 *
 * Layout: fixed header (magic `ARIDX003`, log size, span count, min start, max start, max end, created and sealed
 * times, section offsets) · small section (catalog of the operations used, dependency edges, trace-id bloom filter,
 * 257-entry fan-out by last trace-id byte) · trace entries (sorted by last byte, then id; 16 trace-id bytes, u32 log offset and u32 length of a page holding spans of it) · page
 * table (per page u64 log offset, u32 record length, meta without chunk directory) · trailer (u32 CRC-32 of all that
 * precedes, magic `ARIDXEND`).
 *
 * Opening a segment reads the header and the small section; trace entries and the page table stay on disk and are
 * read when a lookup or a search needs them.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { bloomAdd, bloomBytesFor } from './bloom-filter.js';
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { decodeCatalog, decodeEdges, encodeCatalog, writeEdges, type DependencyEdge } from './log-records.js';
import type { OperationEntry } from './operation-catalog.js';
import type { SegmentContents } from './segment-contents.js';
import { hashString } from './term-hash.js';

const MAGIC = Buffer.from('ARIDX003');
const END_MAGIC = Buffer.from('ARIDXEND');
const TRAILER_BYTES = 12;
export const TRACE_ENTRY_BYTES = 24;
export const TRACE_BLOOM_BITS = 10;

export interface SealedIndex {
  logSize: number;
  spanCount: number;
  minStart: bigint;
  maxStart: bigint;
  maxEnd: bigint;
  createdMs: number;
  sealedAtMs: number;
  catalog: OperationEntry[];
  ops: Uint32Array;
  edges: DependencyEdge[];
  traceBloom: Uint8Array;
  /** Entry index ranges by last trace-id byte: entries of byte b are [fanout[b], fanout[b+1]). */
  fanout: Uint32Array;
  entriesOffset: number;
  pageTableOffset: number;
  pageTableLength: number;
  pageCount: number;
  fileSize: number;
}

/** The fan-out bucket of a trace id (32 hex digits): its last byte. */
export function fanoutBucket(traceId: string): number {
  return parseInt(traceId.slice(30), 16);
}

/** The trace-id bloom hash: the trace id's own bits are random, but ids from some clients are not, so hash them. */
export function traceIdHash(traceId: string): number {
  return hashString(traceId);
}

/** Writes the index of `contents` to `path` atomically (temporary file, fsync, rename). */
export function writeSegmentIndex(path: string, contents: SegmentContents, logSize: number, sealedAtMs: number): void {
  // Sorted by last byte, then by id: the fan-out below buckets by the last byte, which is random in every common id
  // scheme (W3C and Zipkin 128-bit ids, 64-bit ids padded with zeros in front, time-prefixed ids).
  const ids = [...contents.traces.keys()].sort((a, b) => {
    const la = a.slice(30);
    const lb = b.slice(30);
    return la < lb ? -1 : la > lb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  });
  let entryCount = 0;
  for (const id of ids) entryCount += contents.pagesOf(id).length;

  const small = new ByteWriter(64 * 1024);
  const opEntries = [...contents.ops].sort((a, b) => a - b).map((id) => contents.catalog.get(id) ?? { id, service: '', name: '', kind: 0 as const });
  small.bytes(encodeCatalog(opEntries));
  writeEdges(small, [...contents.edges.values()]);
  const bloom = new Uint8Array(bloomBytesFor(ids.length, TRACE_BLOOM_BITS));
  for (const id of ids) bloomAdd(bloom, traceIdHash(id));
  small.varint(bloom.length);
  small.bytes(bloom);
  const fanout = new Uint32Array(257);
  const entries = Buffer.allocUnsafe(entryCount * TRACE_ENTRY_BYTES);
  let e = 0;
  for (const id of ids) {
    const bucket = fanoutBucket(id);
    for (const pageNo of contents.pagesOf(id)) {
      fanout[bucket + 1]!++;
      entries.write(id, e * TRACE_ENTRY_BYTES, 16, 'hex');
      entries.writeUInt32LE(contents.pages.offsets[pageNo]!, e * TRACE_ENTRY_BYTES + 16);
      entries.writeUInt32LE(contents.pages.lengths[pageNo]!, e * TRACE_ENTRY_BYTES + 20);
      e++;
    }
  }
  for (let b = 1; b <= 256; b++) fanout[b]! += fanout[b - 1]!;
  for (let b = 0; b <= 256; b++) small.u32(fanout[b]!);

  const pages = contents.pages.toBuffer();

  const header = new ByteWriter(128);
  header.bytes(MAGIC);
  header.u64n(logSize);
  header.u64n(contents.spanCount);
  header.u64(contents.minStart);
  header.u64(contents.maxStart);
  header.u64(contents.maxEnd);
  header.u64n(contents.createdMs);
  header.u64n(sealedAtMs);
  const headerFixed = header.pos + 4 * 5;
  const smallOffset = headerFixed;
  const entriesOffset = smallOffset + small.pos;
  const pageTableOffset = entriesOffset + entries.length;
  header.u32(small.pos);
  header.u32(entriesOffset);
  header.u32(pageTableOffset);
  header.u32(pages.length);
  header.u32(contents.pages.count);

  const parts = [header.buf.subarray(0, header.pos), small.buf.subarray(0, small.pos), entries, pages];
  let crc = 0;
  for (const p of parts) crc = crc32(p, crc);
  const trailer = Buffer.allocUnsafe(TRAILER_BYTES);
  trailer.writeUInt32LE(crc >>> 0, 0);
  END_MAGIC.copy(trailer, 4);
  parts.push(trailer);

  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    for (const p of parts) writeSync(fd, p);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** Reads and checks an index file; throws when it is missing, truncated or corrupt (the caller rebuilds it). */
export function readSegmentIndex(path: string): SealedIndex {
  const file = readFileSync(path);
  if (file.length < MAGIC.length + TRAILER_BYTES || !file.subarray(0, 8).equals(MAGIC)) throw new Error(`${path}: not an index file`);
  const body = file.subarray(0, file.length - TRAILER_BYTES);
  if (!file.subarray(file.length - 8).equals(END_MAGIC) || (crc32(body) >>> 0) !== file.readUInt32LE(file.length - TRAILER_BYTES)) {
    throw new Error(`${path}: checksum mismatch`);
  }
  const r = new ByteReader(body, 8);
  const logSize = r.u64n();
  const spanCount = r.u64n();
  const minStart = r.u64();
  const maxStart = r.u64();
  const maxEnd = r.u64();
  const createdMs = r.u64n();
  const sealedAtMs = r.u64n();
  const smallLength = r.u32();
  const entriesOffset = r.u32();
  const pageTableOffset = r.u32();
  const pageTableLength = r.u32();
  const pageCount = r.u32();
  const s = new ByteReader(body, r.pos, r.pos + smallLength);
  const catalog = decodeCatalog(s);
  const edges = decodeEdges(s);
  const traceBloom = new Uint8Array(s.bytes(s.varint()));
  const fanout = new Uint32Array(257);
  for (let b = 0; b <= 256; b++) fanout[b] = s.u32();
  return {
    logSize,
    spanCount,
    minStart,
    maxStart,
    maxEnd,
    createdMs,
    sealedAtMs,
    catalog,
    ops: Uint32Array.from(catalog, (c) => c.id),
    edges,
    traceBloom,
    fanout,
    entriesOffset,
    pageTableOffset,
    pageTableLength,
    pageCount,
    fileSize: file.length,
  };
}

/** Where the pages of `traceId` are, from entries `buf` (a fan-out bucket's range read from the index). */
export function findTraceEntries(buf: Buffer, traceId: Buffer): Array<{ offset: number; length: number }> {
  const n = Math.floor(buf.length / TRACE_ENTRY_BYTES);
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (buf.compare(traceId, 0, 16, mid * TRACE_ENTRY_BYTES, mid * TRACE_ENTRY_BYTES + 16) < 0) lo = mid + 1;
    else hi = mid;
  }
  const out: Array<{ offset: number; length: number }> = [];
  for (let i = lo; i < n && buf.compare(traceId, 0, 16, i * TRACE_ENTRY_BYTES, i * TRACE_ENTRY_BYTES + 16) === 0; i++) {
    out.push({ offset: buf.readUInt32LE(i * TRACE_ENTRY_BYTES + 16), length: buf.readUInt32LE(i * TRACE_ENTRY_BYTES + 20) });
  }
  return out;
}
