/**
 * What one segment log holds, in memory: its pages (where, and their metas), which pages hold each trace, the
 * operations its spans use, its dependency edges and time bounds. The active segment keeps one of these up to date
 * as it appends; sealing and recovery rebuild one by scanning the log (`readSegmentContents`).
 */
import { ByteReader } from './byte-reader.js';
import { decodeCatalog, decodeEdges, decodeLogHeader, splitPagePayload, type DependencyEdge } from './log-records.js';
import type { OperationEntry } from './operation-catalog.js';
import { readPageMeta, type PageMeta } from './page-format.js';
import { PageTable } from './page-table.js';
import { RecordKind, scanRecords } from './record-log.js';

const MAX_U64 = (1n << 64n) - 1n;

export class SegmentContents {
  readonly pages = new PageTable();
  /** Trace id → its page number, or page numbers when it has several (most traces have one: a number costs less). */
  readonly traces = new Map<string, number | number[]>();
  readonly ops = new Set<number>();
  readonly catalog = new Map<number, OperationEntry>();
  readonly edges = new Map<string, DependencyEdge>();
  spanCount = 0;
  minStart = MAX_U64;
  maxStart = 0n;
  maxEnd = 0n;
  createdMs = 0;

  /** Registers a page appended at `offset`; its meta must include the chunk directory, which is not kept. */
  addPage(offset: number, length: number, meta: PageMeta): number {
    const pageNo = this.pages.count;
    const ids = meta.chunkTraceIds;
    const n = meta.chunkSpanCounts.length;
    for (let c = 0; c < n; c++) {
      const id = ids.toString('hex', c * 16, c * 16 + 16);
      const pages = this.traces.get(id);
      if (pages === undefined) this.traces.set(id, pageNo);
      else if (typeof pages === 'number') {
        if (pages !== pageNo) this.traces.set(id, [pages, pageNo]);
      } else if (pages[pages.length - 1] !== pageNo) pages.push(pageNo);
    }
    this.pages.add(offset, length, meta);
    for (let i = 0; i < meta.ops.length; i++) this.ops.add(meta.ops[i]!);
    this.spanCount += meta.spanCount;
    if (meta.minStart < this.minStart) this.minStart = meta.minStart;
    if (meta.maxStart > this.maxStart) this.maxStart = meta.maxStart;
    if (meta.maxEnd > this.maxEnd) this.maxEnd = meta.maxEnd;
    return pageNo;
  }

  /** The page numbers holding spans of `traceId`. */
  pagesOf(traceId: string): readonly number[] {
    const pages = this.traces.get(traceId);
    return pages === undefined ? [] : typeof pages === 'number' ? [pages] : pages;
  }

  addCatalog(entries: readonly OperationEntry[]): void {
    for (const e of entries) this.catalog.set(e.id, e);
  }

  addEdges(edges: readonly DependencyEdge[]): void {
    for (const e of edges) {
      const key = `${e.minute}\u0000${e.parent}\u0000${e.child}`;
      const known = this.edges.get(key);
      if (known === undefined) this.edges.set(key, { ...e });
      else known.calls += e.calls;
    }
  }
}

export interface ScannedSegment {
  contents: SegmentContents;
  /** Length of the log's valid prefix; anything after it is a torn or corrupt tail. */
  validLength: number;
  fileLength: number;
}

/** Rebuilds a segment's contents from its log, stopping at the first torn or corrupt record. */
export function readSegmentContents(logPath: string): ScannedSegment {
  const contents = new SegmentContents();
  const { validLength, fileLength } = scanRecords(logPath, (rec) => {
    const payload = rec.payload;
    switch (rec.kind) {
      case RecordKind.HEADER:
        contents.createdMs = decodeLogHeader(payload).createdMs;
        break;
      case RecordKind.CATALOG:
        contents.addCatalog(decodeCatalog(new ByteReader(payload)));
        break;
      case RecordKind.PAGE: {
        const { metaStart, metaEnd } = splitPagePayload(payload, 0, payload.length);
        contents.addPage(rec.offset, rec.length, readPageMeta(new ByteReader(payload, metaStart, metaEnd), true));
        break;
      }
      case RecordKind.DEPS:
        contents.addEdges(decodeEdges(new ByteReader(payload)));
        break;
      default:
        // Unknown kinds come from a newer format; skipping them keeps the data this version understands.
        break;
    }
  });
  return { contents, validLength, fileLength };
}
