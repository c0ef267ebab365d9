/**
 * Payloads of the small log records: the log header, operation definitions and dependency edges; and the split of a
 * page record into meta and compressed body.
 *
 * CATALOG: varint count; per operation varint id · service · name · u8 kind.
 * DEPS: varint count; per edge varint minute (since the epoch, of the child span's start) · parent · child · varint calls.
 * PAGE: u32 meta length · meta · compressed body.
 */
import type { SpanKind } from '../../model/index.js';
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import type { OperationEntry } from './operation-catalog.js';
import { LOG_FORMAT_VERSION } from './record-log.js';

export interface DependencyEdge {
  minute: number;
  parent: string;
  child: string;
  calls: number;
}

export function encodeLogHeader(createdMs: number): Buffer {
  const w = new ByteWriter(16);
  w.u32(LOG_FORMAT_VERSION);
  w.u64n(createdMs);
  return w.toBuffer();
}

export function decodeLogHeader(payload: Buffer): { version: number; createdMs: number } {
  const r = new ByteReader(payload);
  return { version: r.u32(), createdMs: r.u64n() };
}

export function encodeCatalog(entries: readonly OperationEntry[]): Buffer {
  const w = new ByteWriter(256);
  w.varint(entries.length);
  for (const e of entries) {
    w.varint(e.id);
    w.string(e.service);
    w.string(e.name);
    w.u8(e.kind);
  }
  return w.toBuffer();
}

export function decodeCatalog(r: ByteReader): OperationEntry[] {
  const n = r.varint();
  const out: OperationEntry[] = [];
  for (let i = 0; i < n; i++) {
    const id = r.varint();
    const service = r.string();
    const name = r.string();
    out.push({ id, service, name, kind: r.u8() as SpanKind });
  }
  return out;
}

export function writeEdges(w: ByteWriter, edges: readonly DependencyEdge[]): void {
  w.varint(edges.length);
  for (const e of edges) {
    w.varint(e.minute);
    w.string(e.parent);
    w.string(e.child);
    w.varint(e.calls);
  }
}

export function encodeEdges(edges: readonly DependencyEdge[]): Buffer {
  const w = new ByteWriter(256);
  writeEdges(w, edges);
  return w.toBuffer();
}

export function decodeEdges(r: ByteReader): DependencyEdge[] {
  const n = r.varint();
  const out: DependencyEdge[] = [];
  for (let i = 0; i < n; i++) {
    const minute = r.varint();
    const parent = r.string();
    const child = r.string();
    out.push({ minute, parent, child, calls: r.varint() });
  }
  return out;
}

/** The meta and body ranges of a PAGE payload starting at `start` of `buf`. */
export function splitPagePayload(buf: Buffer, start: number, end: number): { metaStart: number; metaEnd: number; bodyStart: number } {
  if (start + 4 > end) throw new RangeError('page record too short');
  const metaLength = buf.readUInt32LE(start);
  const metaStart = start + 4;
  const metaEnd = metaStart + metaLength;
  if (metaEnd > end) throw new RangeError('page meta runs past the record');
  return { metaStart, metaEnd, bodyStart: metaEnd };
}
