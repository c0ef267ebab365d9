/**
 * The embedded storage backend: append-only segment logs of compressed trace pages in the data directory, each
 * sealed with a sorted trace-id index and per-page search summaries (operations, time and duration ranges, a bloom
 * filter of attribute terms). No native module, no server.
 *
 * Durability: `writeTraces` resolves after an fdatasync covers the batch and everything before it in the log; syncs
 * are grouped (at most one per `fsyncIntervalMs`). A crash loses only unacknowledged writes; at startup a torn tail
 * is cut off by checksum. Retention deletes whole segments by age of their last write and, optionally, oldest first
 * beyond `maxDiskBytes`. Memory stays bounded: the active segment's index, a bloom filter per sealed segment and a
 * budgeted cache of page tables.
 */
import { availableParallelism } from 'node:os';
import type { Registry } from 'prom-client';
import { countSpans, type Trace, type TraceBatch } from '../../model/index.js';
import type { Logger } from '../../telemetry/index.js';
import {
  StorageError,
  type DependencyLink,
  type FoundTraceId,
  type GetTraceParams,
  type PreparedWriter,
  type StorageBackend,
  type StorageCapabilities,
  type TraceQuery,
} from '../api/index.js';
import { createEmbeddedMetrics, type EmbeddedMetrics } from './embedded-metrics.js';
import { loadNativePages, nativePagesError } from './native-pages.js';
import { OperationCatalog } from './operation-catalog.js';
import { openExistingSegments } from './open-segments.js';
import { Codec } from './page-format.js';
import { PageTableCache } from './page-table-cache.js';
import { sumDependencies } from './sum-dependencies.js';
import { SegmentLifecycle } from './segment-lifecycle.js';
import { mergePreparedPages, type PreparedPages } from './prepared-pages.js';
import { openStoreDirectory } from './store-directory.js';
import { fetchTrace } from './trace-fetch.js';
import { searchTraceIds } from './trace-search.js';

export interface EmbeddedStoreOptions {
  /** Directory of the segment files (`storage.data_dir`); created when missing. */
  dataDir: string;
  /** Segments whose last write is older than this are deleted. Default 7 days. */
  retentionMs?: number;
  /** Oldest segments are deleted while the store's files exceed this many bytes; 0 (default) = no bound. */
  maxDiskBytes?: number;
  /** Least time between two group-commit fsyncs. Default 10 ms. */
  fsyncIntervalMs?: number;
  /** The active segment rolls over at this size. Default 64 MiB (at most an eighth of `maxDiskBytes`). */
  segmentMaxBytes?: number;
  /** ...or at this age. Default an eighth of the retention period, at most 1 hour. */
  segmentMaxAgeMs?: number;
  /** Page compression. Default deflate (zlib level 1). */
  codec?: 'deflate' | 'brotli' | 'none';
  /** How often retention runs. Default a tenth of the retention period, at most 1 minute. */
  retentionCheckIntervalMs?: number;
  /**
   * Worker threads for page work. With 1, pages are encoded on the event loop and compressed on the thread; with more,
   * batches that arrived as OTLP/protobuf are decoded again and encoded into pages on the threads, which costs more CPU
   * in all but leaves the event loop only receiving and checking requests (scan-protobuf.ts). 0 (default): 2 when the process may run on more
   * than one CPU, else 1.
   */
  pageThreads?: number;
  /**
   * Scan OTLP/protobuf requests and encode pages with the native code (native/, built by `npm ci`) where it loads:
   * default true. Without it, or false, both are done in JavaScript; the pages are the same either way.
   */
  nativePages?: boolean;
  /** Memory for cached page tables of sealed segments. Default 64 MiB. */
  pageTableCacheBytes?: number;
  registry?: Registry;
  logger?: Logger;
}

const DAY_MS = 24 * 3600 * 1000;
const CODECS = { deflate: Codec.DEFLATE, brotli: Codec.BROTLI, none: Codec.NONE } as const;

export async function createEmbeddedStore(options: EmbeddedStoreOptions): Promise<StorageBackend> {
  const retentionMs = options.retentionMs ?? 7 * DAY_MS;
  const maxDiskBytes = options.maxDiskBytes ?? 0;
  if (!(retentionMs > 0)) {
    throw new StorageError('embedded_retention_invalid', `storage.embedded.retention must be positive, got ${retentionMs} ms`, { retryable: false });
  }
  const nativePages = options.nativePages ?? true;
  if (nativePages && loadNativePages() === undefined) {
    options.logger?.warn({ reason: nativePagesError }, 'storage: the native page encoder is not built (native/); pages are encoded in JavaScript, slower');
  }
  const dir = openStoreDirectory(options.dataDir);
  const catalog = new OperationCatalog();
  let metrics: EmbeddedMetrics | undefined;
  let lifecycle: SegmentLifecycle;
  try {
    const recovered = openExistingSegments(dir, catalog, options.logger);
    let sizeCap = 64 * 1024 * 1024;
    if (maxDiskBytes > 0) sizeCap = Math.max(256 * 1024, Math.min(sizeCap, Math.floor(maxDiskBytes / 8)));
    metrics = createEmbeddedMetrics(options.registry, () => lifecycle.gauges());
    if (recovered.truncatedBytes > 0) metrics.truncated(recovered.truncatedBytes);
    lifecycle = new SegmentLifecycle(dir, catalog, recovered.segments, metrics, {
      codec: CODECS[options.codec ?? 'deflate'],
      segmentMaxBytes: options.segmentMaxBytes ?? sizeCap,
      segmentMaxAgeMs: options.segmentMaxAgeMs ?? Math.min(3600 * 1000, retentionMs / 8),
      fsyncIntervalMs: options.fsyncIntervalMs ?? 10,
      pageThreads: options.pageThreads || (availableParallelism() > 1 ? 2 : 1),
      nativePages,
      retention: { retentionMs, maxDiskBytes },
      retentionCheckIntervalMs: options.retentionCheckIntervalMs ?? Math.min(60_000, retentionMs / 10),
      logger: options.logger,
    });
  } catch (err) {
    metrics?.detach();
    dir.release();
    throw err;
  }
  const pageTables = new PageTableCache(options.pageTableCacheBytes ?? 64 * 1024 * 1024);
  lifecycle.onDelete((segment) => pageTables.delete(segment));
  lifecycle.enforceRetention();
  const capabilities: StorageCapabilities = {
    durability: `on disk: acknowledged after fdatasync (group commit at most every ${options.fsyncIntervalMs ?? 10} ms); survives crashes and restarts`,
    requiresServiceName: false,
  };
  let closed = false;
  const inflight = new Set<Promise<void>>();
  const ensureOpen = (): void => {
    if (closed) throw new StorageError('storage_closed', 'the embedded store is closed', { retryable: false });
  };

  async function* getTraces(params: readonly GetTraceParams[]): AsyncIterable<Trace> {
    ensureOpen();
    const seen = new Set<string>();
    for (const p of params) {
      if (seen.has(p.traceId)) continue;
      seen.add(p.traceId);
      const trace = await fetchTrace(lifecycle.readable(), p.traceId, catalog);
      if (trace !== undefined) yield trace;
    }
  }

  /** Runs a preparation; what fails in it fails for good (the same batch would fail again). */
  function preparing(prepareIt: () => PreparedPages): PreparedPages {
    ensureOpen();
    try {
      return prepareIt();
    } catch (err) {
      throw new StorageError('storage_write_failed', `the embedded store could not encode a batch: ${(err as Error).message}`, { retryable: false, cause: err });
    }
  }

  function prepare(batch: TraceBatch): PreparedPages {
    return preparing(() => lifecycle.prepare(batch));
  }

  function prepareOtlpProtobuf(request: Uint8Array): { spanCount: number; prepare(): PreparedPages } | undefined {
    ensureOpen();
    const ready = lifecycle.prepareOtlp(request);
    return ready === undefined ? undefined : { spanCount: ready.spanCount, prepare: () => preparing(() => ready.prepare()) };
  }

  async function writePrepared(prepared: PreparedPages): Promise<void> {
    ensureOpen();
    const p = lifecycle.write(prepared).catch((err: unknown) => {
      if (err instanceof StorageError) throw err;
      throw new StorageError('storage_write_failed', `the embedded store could not write: ${(err as Error).message}`, {
        retryable: true,
        cause: err,
      });
    });
    inflight.add(p);
    try {
      await p;
    } finally {
      inflight.delete(p);
    }
  }

  async function findTraceIds(query: TraceQuery): Promise<FoundTraceId[]> {
    ensureOpen();
    return searchTraceIds(lifecycle.readable(), catalog, pageTables, query);
  }

  return {
    name: 'embedded',
    writer: {
      async writeTraces(batch: TraceBatch): Promise<void> {
        ensureOpen();
        if (countSpans(batch) === 0) return;
        await writePrepared(prepare(batch));
      },
      prepared: { prepare, prepareOtlpProtobuf, mergePrepared: mergePreparedPages, writePrepared } satisfies PreparedWriter<PreparedPages>,
    },
    reader: {
      getTraces,
      findTraceIds,
      async *findTraces(query: TraceQuery): AsyncIterable<Trace> {
        for (const found of await findTraceIds(query)) {
          const trace = await fetchTrace(lifecycle.readable(), found.traceId, catalog);
          if (trace !== undefined) yield trace;
        }
      },
      async getServices() {
        ensureOpen();
        return catalog.getServices();
      },
      async getOperations(query) {
        ensureOpen();
        return catalog.getOperations(query.serviceName, query.spanKind);
      },
    },
    dependencies: {
      async getDependencies(query): Promise<DependencyLink[]> {
        ensureOpen();
        return sumDependencies(lifecycle.readable(), query.startTimeUnixNano, query.endTimeUnixNano);
      },
    },
    capabilities: () => capabilities,
    async checkReady(): Promise<void> {
      ensureOpen();
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await Promise.allSettled([...inflight]);
      await lifecycle.close();
      pageTables.clear();
      metrics?.detach();
      dir.release();
    },
  };
}
