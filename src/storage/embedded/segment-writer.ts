/**
 * The write path. A batch is encoded into pages when the pipeline accepts it: on a page worker thread from its received
 * OTLP/protobuf bytes when it has such bytes and there are two or more threads or the native encoder (encode-task.ts,
 * native-pages.ts), else on the event loop, whose pages are then compressed on a worker thread (page-workers.ts). A
 * write waits for its pages, appends them to the active segment as one group of records (operation definitions the segment has not logged yet, the pages, the dependency
 * edges found) and is acknowledged once durable (log-appender.ts). Only then do its pages become visible to readers.
 *
 * The active segment rolls over when it reaches `segmentMaxBytes` or `segmentMaxAgeMs`; the old one is sealed once
 * its last in-flight write is published (seal-segment.ts).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { countSpans, type TraceBatch } from '../../model/index.js';
import { scanOtlpProtobuf } from '../../translate/otlp/index.js';
import { DependencyTracker } from './dependency-tracker.js';
import { LogAppender } from './log-appender.js';
import { encodeCatalog, encodeEdges, encodeLogHeader, type DependencyEdge } from './log-records.js';
import type { OperationCatalog } from './operation-catalog.js';
import { encodeTaskFor, encodeTaskOfScan, type EncodeTask } from './encode-task.js';
import { PageBuilder, type EncodedPage } from './page-builder.js';
import { Codec } from './page-format.js';
import { pageRecord } from './page-record.js';
import { PageWorkers, type EncodedOffThread } from './page-workers.js';
import { loadNativePages, type NativePages } from './native-pages.js';
import { awaitedLater, isOffThread, type LocalPages, type OffThreadPages, type PreparedPages } from './prepared-pages.js';
import { RECORD_HEADER_BYTES, recordHeader, RecordKind } from './record-log.js';
import { SegmentContents } from './segment-contents.js';
import { Segment } from './segment.js';
import type { StoreDirectory } from './store-directory.js';

const NO_BODY = Buffer.alloc(0);

export interface SegmentWriterOptions {
  codec: Codec;
  segmentMaxBytes: number;
  segmentMaxAgeMs: number;
  fsyncIntervalMs: number;
  nextSeq: number;
  /**
   * Page worker threads; with 2 or more, or with the native encoder, batches with received OTLP/protobuf bytes are
   * encoded on them.
   */
  pageThreads: number;
  /** Use the native page encoder where it loads (native-pages.ts); false: the JavaScript encoder everywhere. */
  nativePages: boolean;
}

export interface SegmentWriterHooks {
  /** A new active segment exists (add it to the readable set). */
  created(segment: Segment): void;
  /** A segment stopped taking writes and all of them are published: seal it. */
  retired(segment: Segment): void;
  synced(seconds: number): void;
  written(spans: number, bytes: number): void;
  /** A batch was encoded into pages, by the native encoder or in JavaScript. */
  encoded(spans: number, native: boolean): void;
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
  private readonly workers: PageWorkers;
  /** Whether batches with received bytes are encoded on the threads (see `SegmentWriterOptions.pageThreads`). */
  private readonly encodeOffThread: boolean;
  private readonly native: NativePages | undefined;
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
    this.workers = new PageWorkers(options.codec, options.pageThreads, { nativePages: options.nativePages });
    this.native = options.nativePages ? loadNativePages() : undefined;
    this.encodeOffThread = options.pageThreads > 1 || this.native !== undefined;
    this.builder = new PageBuilder(catalog);
  }

  /**
   * Prepares a batch, synchronously (the pipeline calls it when it accepts the batch): dependency edges, operation ids
   * (registered in the catalog; readers list them only once a write of them is durable), and pages, encoded here (a
   * 512-span batch takes a few ms) or handed to a page worker thread.
   */
  prepare(batch: TraceBatch): PreparedPages {
    const edges = this.dependencies.observe(batch);
    const task = this.encodeOffThread ? encodeTaskFor(batch, this.catalog) : undefined;
    if (task !== undefined) return this.offThread(task, edges);
    const opsUsed = new Set<number>();
    const pages: EncodedPage[] = [];
    // Concurrent callers (writes awaiting compression) never interleave with this loop: one builder is enough, reused.
    for (const page of this.builder.pages(batch, opsUsed)) pages.push(page);
    this.hooks.encoded(countSpans(batch), false);
    return { parts: [{ pages }], opsUsed, edges };
  }

  /**
   * An OTLP/protobuf request taken as bytes when page threads encode such requests: checked here without decoding its
   * spans (the native scan where it loads, else `scanOtlpProtobuf`), then `prepare()` finds its dependency edges,
   * registers its operations and hands its bytes to a thread. Undefined when it needs the decoder (see `PreparedWriter.prepareOtlpProtobuf`).
   */
  prepareOtlp(request: Uint8Array): { spanCount: number; prepare(): PreparedPages } | undefined {
    if (!this.encodeOffThread) return undefined;
    const scanned = this.native?.scan(request) ?? scanOtlpProtobuf(request);
    if (scanned === undefined) return undefined;
    return {
      spanCount: scanned.spanCount,
      prepare: () => {
        const edges = this.dependencies.observe(scanned);
        const task = encodeTaskOfScan(scanned, request, this.catalog);
        return this.offThread(task, edges);
      },
    };
  }

  /** The task's pages from a page thread; once they are encoded, `encoded` runs and they are counted. */
  private encodeOnThread(task: EncodeTask, encoded: () => void): Promise<EncodedOffThread> {
    const result = awaitedLater(this.workers.encode(task));
    result.then(
      (done) => {
        encoded();
        this.hooks.encoded(task.spanCount, done.native);
      },
      () => undefined,
    );
    return result;
  }

  private offThread(task: EncodeTask, edges: DependencyEdge[]): PreparedPages {
    const opsUsed = new Set<number>();
    for (let i = 0; i < task.opIds.length; i++) opsUsed.add(task.opIds[i]!);
    // Once encoded, the request's bytes are needed no more (a retry writes the result): let them go.
    const part: OffThreadPages = { task, result: this.encodeOnThread(task, () => (part.task = undefined)) };
    return { parts: [part], opsUsed, edges };
  }

  /** Compresses and appends prepared pages; resolves once they are durable. May be called again after a rejection. */
  async write(prepared: PreparedPages): Promise<void> {
    const { pages, bodies } = await this.finishPages(prepared);
    if (pages.length === 0) return;
    const { opsUsed, edges } = prepared;

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

  /**
   * The pages of `prepared` and their bodies as written. Pages encoded here are compressed once, all of a write in one
   * message to a thread (a retry after a failed append reuses them); a part whose thread failed is asked for again,
   * and this write fails.
   */
  private async finishPages(prepared: PreparedPages): Promise<{ pages: EncodedPage[]; bodies: Buffer[] }> {
    const uncompressed = prepared.parts.filter((p): p is LocalPages => !isOffThread(p) && p.compressed === undefined);
    if (uncompressed.length > 0) {
      const raw = uncompressed.flatMap((p) => p.pages.map((page) => page.body));
      const compressed = this.options.codec === Codec.NONE || raw.length === 0 ? raw : await this.workers.compress(raw);
      let at = 0;
      for (const part of uncompressed) {
        part.compressed = compressed.slice(at, (at += part.pages.length));
        // Only the compressed bodies are written from now on: let the uncompressed ones go.
        part.pages = part.pages.map((page) => ({ meta: page.meta, body: NO_BODY }));
      }
    }
    const pages: EncodedPage[] = [];
    const bodies: Buffer[] = [];
    for (const part of prepared.parts) {
      if (!isOffThread(part)) {
        pages.push(...part.pages);
        bodies.push(...part.compressed!);
        continue;
      }
      if (part.done === undefined) {
        try {
          part.done = await part.result;
        } catch (err) {
          if (part.task !== undefined) part.result = this.encodeOnThread(part.task, () => (part.task = undefined));
          throw err;
        }
      }
      pages.push(...part.done.pages);
      bodies.push(...part.done.compressed);
    }
    return { pages, bodies };
  }

  /** Stops writing to the active segment (for close); resolves when its writes are durable. */
  async retireActive(): Promise<void> {
    const state = this.active;
    this.active = undefined;
    if (state !== undefined) await this.retire(state);
    await this.workers.close();
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
