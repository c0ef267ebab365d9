/**
 * Segments from birth to deletion: the set readers see, the writer that creates and retires the active segment,
 * sealing of retired segments (inline when small, else on the seal worker), and retention, which deletes whole
 * segments on a timer and after each seal.
 *
 * The readable set is replaced, never mutated, so a reader iterating a snapshot is not disturbed by changes; a
 * deleted segment's files stay open until its last reader releases it.
 */
import { rmSync, statSync } from 'node:fs';
import type { TraceBatch } from '../../model/index.js';
import type { Logger } from '../../telemetry/index.js';
import type { EmbeddedMetrics, DeletionReason, StoreGauges } from './embedded-metrics.js';
import type { OperationCatalog } from './operation-catalog.js';
import type { Codec } from './page-format.js';
import { selectForDeletion, type RetentionPolicy } from './retention.js';
import { SealWorker } from './seal-segment.js';
import { readSegmentIndex, writeSegmentIndex } from './segment-index-file.js';
import type { PreparedPages } from './prepared-pages.js';
import { SegmentWriter } from './segment-writer.js';
import type { Segment } from './segment.js';
import type { StoreDirectory } from './store-directory.js';

/** Segments with at most this many traces are sealed on the event loop: quicker than a round trip to the worker. */
const INLINE_SEAL_TRACES = 5_000;

export interface LifecycleOptions {
  codec: Codec;
  segmentMaxBytes: number;
  segmentMaxAgeMs: number;
  fsyncIntervalMs: number;
  /** See `SegmentWriterOptions`. */
  pageThreads: number;
  nativePages: boolean;
  retention: RetentionPolicy;
  retentionCheckIntervalMs: number;
  logger: Logger | undefined;
}

export class SegmentLifecycle {
  private segments: readonly Segment[];
  private readonly writer: SegmentWriter;
  private readonly sealer = new SealWorker();
  private readonly sealing = new Set<Promise<void>>();
  private readonly deleteListeners: Array<(segment: Segment) => void> = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly dir: StoreDirectory,
    private readonly catalog: OperationCatalog,
    segments: Segment[],
    private readonly metrics: EmbeddedMetrics,
    private readonly options: LifecycleOptions,
  ) {
    this.segments = segments;
    const nextSeq = segments.length === 0 ? 1 : Math.max(...dir.logs, ...segments.map((s) => s.seq)) + 1;
    this.writer = new SegmentWriter(
      dir,
      catalog,
      { codec: options.codec, segmentMaxBytes: options.segmentMaxBytes, segmentMaxAgeMs: options.segmentMaxAgeMs, fsyncIntervalMs: options.fsyncIntervalMs,
        pageThreads: options.pageThreads,
        nativePages: options.nativePages,
        nextSeq,
      },
      {
        created: (segment) => {
          this.segments = [...this.segments, segment];
        },
        retired: (segment) => this.track(this.seal(segment)),
        synced: (seconds) => metrics.synced(seconds),
        written: (_spans, bytes) => metrics.written(bytes),
        encoded: (spans, native) => metrics.encoded(spans, native ? 'native' : 'javascript'),
      },
    );
    this.timer = setInterval(() => this.enforceRetention(), options.retentionCheckIntervalMs);
    this.timer.unref();
  }

  /** The segments to read, oldest first. Do not mutate. */
  readable(): readonly Segment[] {
    return this.segments;
  }

  /** See `SegmentWriter.prepare`. */
  prepare(batch: TraceBatch): PreparedPages {
    return this.writer.prepare(batch);
  }

  /** See `SegmentWriter.prepareOtlp`. */
  prepareOtlp(request: Uint8Array): { spanCount: number; prepare(): PreparedPages } | undefined {
    return this.writer.prepareOtlp(request);
  }

  write(prepared: PreparedPages): Promise<void> {
    return this.writer.write(prepared);
  }

  onDelete(listener: (segment: Segment) => void): void {
    this.deleteListeners.push(listener);
  }

  gauges(): StoreGauges {
    let spans = 0;
    let diskBytes = 0;
    for (const s of this.segments) {
      spans += s.spanCount;
      diskBytes += s.diskBytes;
    }
    return { segments: this.segments.length, spans, diskBytes };
  }

  enforceRetention(): void {
    for (const { segment, reason } of selectForDeletion(this.segments, this.options.retention, Date.now())) {
      this.delete(segment, reason);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.writer.retireActive();
    while (this.sealing.size > 0) await Promise.allSettled([...this.sealing]);
    await this.sealer.close();
    for (const s of this.segments) s.closeWhenIdle();
    this.segments = [];
  }

  private track(p: Promise<void>): void {
    this.sealing.add(p);
    void p.finally(() => this.sealing.delete(p));
  }

  private async seal(segment: Segment): Promise<void> {
    const contents = segment.contents!;
    if (contents.pages.count === 0) {
      this.remove(segment);
      rmSync(segment.logPath, { force: true });
      segment.closeWhenIdle();
      return;
    }
    try {
      if (contents.traces.size <= INLINE_SEAL_TRACES) {
        for (const id of contents.ops) contents.addCatalog([this.catalog.entry(id)]);
        writeSegmentIndex(segment.idxPath, contents, statSync(segment.logPath).size, segment.lastWriteMs);
      } else {
        await this.sealer.run({ logPath: segment.logPath, idxPath: segment.idxPath, sealedAtMs: segment.lastWriteMs });
      }
      segment.sealWith(readSegmentIndex(segment.idxPath));
      this.dir.syncEntries();
    } catch (err) {
      // The segment stays readable from memory; the next start rebuilds its index from the log.
      this.options.logger?.error({ err, segment: segment.logPath }, 'storage: sealing a segment failed');
      return;
    }
    this.enforceRetention();
  }

  private delete(segment: Segment, reason: DeletionReason): void {
    this.remove(segment);
    this.catalog.release(segment.ops());
    for (const listener of this.deleteListeners) listener(segment);
    this.metrics.deleted(reason, segment.spanCount);
    this.options.logger?.info({ segment: segment.logPath, reason, spans: segment.spanCount }, 'storage: retention deleted a segment');
    // The log first: an index left without its log is removed at the next start.
    rmSync(segment.logPath, { force: true });
    rmSync(segment.idxPath, { force: true });
    segment.closeWhenIdle();
  }

  private remove(segment: Segment): void {
    this.segments = this.segments.filter((s) => s !== segment);
  }
}
