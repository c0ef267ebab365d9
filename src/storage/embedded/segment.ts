/**
 * One segment of the store: a log file of records and, once sealed, its index file. While live (taking writes, or
 * waiting to be sealed) its contents are held in memory; once sealed only the index's small section is, and trace
 * entries and the page table are read from disk on demand.
 *
 * Readers `acquire()` a segment around file reads, so that deleting it (retention) closes its file only after them.
 */
import { close, openSync, readSync } from 'node:fs';
import { bloomHas } from './bloom-filter.js';
import type { DependencyEdge } from './log-records.js';
import type { LogAppender } from './log-appender.js';
import type { SegmentContents } from './segment-contents.js';
import { PageTable } from './page-table.js';
import { fanoutBucket, findTraceEntries, TRACE_ENTRY_BYTES, traceIdHash, type SealedIndex } from './segment-index-file.js';

/** Where one page holding spans of a trace is. */
export interface PageLocation {
  offset: number;
  length: number;
}

export class Segment {
  readonly seq: number;
  readonly logPath: string;
  readonly idxPath: string;
  private readonly fd: number;
  private idxFd = -1;
  contents: SegmentContents | undefined;
  index: SealedIndex | undefined;
  appender: LogAppender | undefined;
  /** When data was last written (ms since the epoch): the age retention compares. */
  lastWriteMs: number;
  private readers = 0;
  private deleted = false;

  constructor(seq: number, logPath: string, idxPath: string, init: { contents?: SegmentContents; index?: SealedIndex; lastWriteMs: number }) {
    this.seq = seq;
    this.logPath = logPath;
    this.idxPath = idxPath;
    this.fd = openSync(logPath, 'r');
    this.contents = init.contents;
    this.index = init.index;
    if (init.index !== undefined) this.idxFd = openSync(idxPath, 'r');
    this.lastWriteMs = init.lastWriteMs;
  }

  get sealed(): boolean {
    return this.index !== undefined;
  }

  get spanCount(): number {
    return this.index?.spanCount ?? this.contents!.spanCount;
  }

  get minStart(): bigint {
    return this.index?.minStart ?? this.contents!.minStart;
  }

  get maxStart(): bigint {
    return this.index?.maxStart ?? this.contents!.maxStart;
  }

  get maxEnd(): bigint {
    return this.index?.maxEnd ?? this.contents!.maxEnd;
  }

  /** Log bytes plus index bytes. */
  get diskBytes(): number {
    if (this.index !== undefined) return this.index.logSize + this.index.fileSize;
    return this.appender?.size ?? 0;
  }

  ops(): Iterable<number> {
    return this.index?.ops ?? this.contents!.ops;
  }

  edges(): Iterable<DependencyEdge> {
    return this.index?.edges ?? this.contents!.edges.values();
  }

  /** Switches to the sealed representation; the in-memory contents are dropped. */
  sealWith(index: SealedIndex): void {
    this.idxFd = openSync(this.idxPath, 'r');
    this.index = index;
    this.contents = undefined;
    this.appender = undefined;
  }

  /** The pages holding spans of `traceId` (32 hex digits), oldest first. */
  async traceLocations(traceId: string): Promise<PageLocation[]> {
    const contents = this.contents;
    if (contents !== undefined) {
      const pages = contents.pages;
      return contents.pagesOf(traceId).map((n) => ({ offset: pages.offsets[n]!, length: pages.lengths[n]! }));
    }
    const index = this.index!;
    if (!bloomHas(index.traceBloom, traceIdHash(traceId))) return [];
    const first = fanoutBucket(traceId);
    const from = index.fanout[first]!;
    const to = index.fanout[first + 1]!;
    if (to <= from) return [];
    const entries = await this.readAt(index.entriesOffset + from * TRACE_ENTRY_BYTES, (to - from) * TRACE_ENTRY_BYTES, true);
    return findTraceEntries(entries, Buffer.from(traceId, 'hex'));
  }

  /** The search summaries of the segment's pages, in log order. */
  async pages(): Promise<PageTable> {
    if (this.contents !== undefined) return this.contents.pages;
    const index = this.index!;
    return PageTable.fromBuffer(await this.readAt(index.pageTableOffset, index.pageTableLength, true));
  }

  /** The record at `location` of the log. */
  readRecord(location: PageLocation): Promise<Buffer> {
    return this.readAt(location.offset, location.length, false);
  }

  acquire(): void {
    this.readers++;
  }

  release(): void {
    this.readers--;
    if (this.deleted && this.readers === 0) this.closeFiles();
  }

  /** Closes the files once no reader uses them (the segment was deleted, or the store is closing). */
  closeWhenIdle(): void {
    if (this.deleted) return;
    this.deleted = true;
    if (this.readers === 0) this.closeFiles();
  }

  private closeFiles(): void {
    close(this.fd, () => {});
    if (this.idxFd >= 0) close(this.idxFd, () => {});
  }

  private readAt(position: number, length: number, fromIndex: boolean): Promise<Buffer> {
    return pread(fromIndex ? this.idxFd : this.fd, position, length);
  }
}

/**
 * Reads are synchronous: they are small (a page, an index range: kilobytes) and nearly always served from the page
 * cache in microseconds, far less than a round trip through the thread pool costs on a busy machine.
 */
function pread(fd: number, position: number, length: number): Promise<Buffer> {
  try {
    const buf = Buffer.allocUnsafe(length);
    const n = readSync(fd, buf, 0, length, position);
    if (n < length) throw new RangeError(`short read: ${n} of ${length} bytes at ${position}`);
    return Promise.resolve(buf);
  } catch (err) {
    return Promise.reject(err);
  }
}
