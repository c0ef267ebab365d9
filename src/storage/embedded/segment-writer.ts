/**
 * The write path. A batch is encoded into pages on the event loop (the spans are JS objects there), compressed on a
 * worker thread (page-compressor.ts), then appended to the active segment as one group of records (operation
 * definitions the segment has not logged yet, the pages, the dependency edges found) and acknowledged once durable
 * (log-appender.ts). Only then do its pages become visible to readers.
 *
 * The active segment rolls over when it reaches `segmentMaxBytes` or `segmentMaxAgeMs`; the old one is sealed once
 * its last in-flight write is published (seal-segment.ts).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { TraceBatch } from '../../model/index.js';
import { DependencyTracker } from './dependency-tracker.js';
import { LogAppender } from './log-appender.js';
import { encodeCatalog, encodeEdges, encodeLogHeader, type DependencyEdge } from './log-records.js';
import type { OperationCatalog } from './operation-catalog.js';
import { PageBuilder, type EncodedPage } from './page-builder.js';
import { Codec } from './page-format.js';
import { pageRecord } from './page-record.js';
import { PageCompressor } from './page-compressor.js';
import { RECORD_HEADER_BYTES, recordHeader, RecordKind } from './record-log.js';
import { SegmentContents } from './segment-contents.js';
import { Segment } from './segment.js';
import type { StoreDirectory } from './store-directory.js';

/**
 * A batch as pages, ready to be compressed and appended (`SegmentWriter.prepare`): what the collector pipeline queues
 * for this store instead of the span model (see `PreparedWriter`).
 */
export interface PreparedPages {
  pages: EncodedPage[];
  /** Operation ids the pages use. */
  opsUsed: Set<number>;
  edges: DependencyEdge[];
  /** The page bodies as written, once compressed (a retry after a failed append writes them again). */
  compressed?: Buffer[];
}

/** One write of several prepared batches, in order (edges of the same pair add up when stored). */
export function mergePreparedPages(prepared: readonly PreparedPages[]): PreparedPages {
  const pages: EncodedPage[] = [];
  const opsUsed = new Set<number>();
  const edges: DependencyEdge[] = [];
  for (const p of prepared) {
    pages.push(...p.pages);
    for (const id of p.opsUsed) opsUsed.add(id);
    edges.push(...p.edges);
  }
  return { pages, opsUsed, edges };
}

const NO_BODY = Buffer.alloc(0);

export interface SegmentWriterOptions {
  codec: Codec;
  segmentMaxBytes: number;
  segmentMaxAgeMs: number;
  fsyncIntervalMs: number;
  nextSeq: number;
}

export interface SegmentWriterHooks {
  /** A new active segment exists (add it to the readable set). */
  created(segment: Segment): void;
  /** A segment stopped taking writes and all of them are published: seal it. */
  retired(segment: Segment): void;
  synced(seconds: number): void;
  written(spans: number, bytes: number): void;
}

interface ActiveState {
  segment: Segment;
  appender: LogAppender;
  contents: SegmentContents;
  loggedOps: Set<number>;
  createdMs: number;
  inflight: number;
  retired: boolean;
}

export class SegmentWriter {
  private readonly builder: PageBuilder;
  private readonly compressor: PageCompressor;
  private readonly dependencies = new DependencyTracker();
  private active: ActiveState | undefined;
  private readonly states = new Map<Segment, ActiveState>();
  private nextSeq: number;

  constructor(
    private readonly dir: StoreDirectory,
    private readonly catalog: OperationCatalog,
    private readonly options: SegmentWriterOptions,
    private readonly hooks: SegmentWriterHooks,
  ) {
    this.nextSeq = options.nextSeq;
    this.compressor = new PageCompressor(options.codec);
    this.builder = new PageBuilder(catalog);
  }

  /**
   * Encodes a batch into pages, synchronously (the pipeline calls it when it accepts the batch; a 512-span batch takes a
   * few ms). Registers the operations it uses in the catalog; readers list them only once a write of them is durable.
   */
  prepare(batch: TraceBatch): PreparedPages {
    const opsUsed = new Set<number>();
    const edges = this.dependencies.observe(batch);
    const pages: EncodedPage[] = [];
    // Concurrent callers (writes awaiting compression) never interleave with this loop: one builder is enough, reused.
    for (const page of this.builder.pages(batch, opsUsed)) pages.push(page);
    return { pages, opsUsed, edges };
  }

  /** Compresses and appends prepared pages; resolves once they are durable. May be called again after a rejection. */
  async write(prepared: PreparedPages): Promise<void> {
    if (prepared.pages.length === 0) return;
    const bodies = prepared.compressed ?? (await this.compress(prepared));
    const { pages, opsUsed, edges } = prepared;

    // From here to `reserve` nothing awaits, so the records land in the log in this order.
    const state = this.writableState();
    const buffers: Buffer[] = [];
    const newOps = [...opsUsed].filter((id) => !state.loggedOps.has(id)).sort((a, b) => a - b);
    if (newOps.length > 0) {
      const payload = encodeCatalog(newOps.map((id) => this.catalog.entry(id)));
      buffers.push(recordHeader(RecordKind.CATALOG, [payload]), payload);
      for (const id of newOps) state.loggedOps.add(id);
    }
    const pageStarts: number[] = [];
    let length = 0;
    for (const b of buffers) length += b.length;
    const records = pages.map((p, i) => pageRecord(p, this.options.codec, bodies[i]!));
    for (const parts of records) {
      pageStarts.push(length);
      for (const b of parts) {
        buffers.push(b);
        length += b.length;
      }
    }
    if (edges.length > 0) {
      const payload = encodeEdges(edges);
      buffers.push(recordHeader(RecordKind.DEPS, [payload]), payload);
      length += RECORD_HEADER_BYTES + payload.length;
    }
    const offset = state.appender.reserve(length);
    state.inflight++;
    try {
      await state.appender.append(offset, buffers);
      // Durable: publish to readers.
      const contents = state.contents;
      const before = contents.ops.size;
      const fresh: number[] = [];
      for (const id of opsUsed) if (!contents.ops.has(id)) fresh.push(id);
      for (let i = 0; i < pages.length; i++) {
        const parts = records[i]!;
        contents.addPage(offset + pageStarts[i]!, parts[0]!.length + parts[1]!.length + parts[2]!.length, pages[i]!.meta);
      }
      if (contents.ops.size !== before) this.catalog.retain(fresh);
      contents.addEdges(edges);
      state.segment.lastWriteMs = Date.now();
      let spans = 0;
      for (const p of pages) spans += p.meta.spanCount;
      this.hooks.written(spans, length);
    } finally {
      state.inflight--;
      if (state.retired && state.inflight === 0) this.finishRetirement(state);
    }
  }

  /** The bodies to write for `prepared`, compressed once: a retry after a failed append reuses them. */
  private async compress(prepared: PreparedPages): Promise<Buffer[]> {
    const raw = prepared.pages.map((p) => p.body);
    if (this.options.codec === Codec.NONE) return (prepared.compressed = raw);
    prepared.compressed = await this.compressor.compress(raw);
    // Only the compressed bodies are written from now on: let the uncompressed ones go.
    prepared.pages = prepared.pages.map((p) => ({ meta: p.meta, body: NO_BODY }));
    return prepared.compressed;
  }

  /** Stops writing to the active segment (for close); resolves when its writes are durable. */
  async retireActive(): Promise<void> {
    const state = this.active;
    this.active = undefined;
    if (state !== undefined) await this.retire(state);
    await this.compressor.close();
  }

  private writableState(): ActiveState {
    const a = this.active;
    if (
      a !== undefined &&
      a.appender.failed === undefined &&
      a.appender.size < this.options.segmentMaxBytes &&
      Date.now() - a.createdMs < this.options.segmentMaxAgeMs
    ) {
      return a;
    }
    if (a !== undefined) void this.retire(a);
    return this.startSegment();
  }

  private startSegment(): ActiveState {
    const seq = this.nextSeq++;
    const logPath = this.dir.logPath(seq);
    const createdMs = Date.now();
    const header = encodeLogHeader(createdMs);
    const fd = openSync(logPath, 'wx');
    try {
      writeSync(fd, recordHeader(RecordKind.HEADER, [header]));
      writeSync(fd, header);
    } catch (err) {
      closeSync(fd);
      throw err;
    }
    this.dir.syncEntries();
    const contents = new SegmentContents();
    contents.createdMs = createdMs;
    const segment = new Segment(seq, logPath, this.dir.idxPath(seq), { contents, lastWriteMs: createdMs });
    // The header is not synced yet (durable length 0): the first group commit covers it, as it precedes every record.
    const appender = new LogAppender(fd, RECORD_HEADER_BYTES + header.length, 0, this.options.fsyncIntervalMs, (s) => this.hooks.synced(s));
    segment.appender = appender;
    const state: ActiveState = { segment, appender, contents, loggedOps: new Set(), createdMs, inflight: 0, retired: false };
    this.active = state;
    this.states.set(segment, state);
    this.hooks.created(segment);
    return state;
  }

  private async retire(state: ActiveState): Promise<void> {
    if (state.retired) return;
    state.retired = true;
    if (this.active === state) this.active = undefined;
    await state.appender.close();
    if (state.inflight === 0) this.finishRetirement(state);
  }

  private finishRetirement(state: ActiveState): void {
    if (!this.states.delete(state.segment)) return;
    this.hooks.retired(state.segment);
  }
}
