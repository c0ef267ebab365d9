/**
 * The collector pipeline: receivers offer batches, a bounded queue holds them, workers merge queued batches into
 * storage writes. Backpressure instead of silent drops: when the queue is full, `accept` refuses and the receiver
 * tells its client to retry.
 *
 * Batches are the span model by default; a pipeline of another batch type (`B`, e.g. spans already encoded for
 * forwarding) supplies how queued batches merge into one write.
 */
import type { Registry } from 'prom-client';
import { attachSpanWire, concatSpanWires, type TraceBatch } from '../model/index.js';
import { StorageError, type PreparedWriter } from '../storage/api/index.js';
import type { Logger } from '../telemetry/index.js';
import { createBatchQueue } from './batch-queue.js';
import { createPipelineMetrics } from './pipeline-metrics.js';
import type { AcceptOutcome, BatchOrigin, SpanSink } from './span-sink.js';

/** Where the pipeline's workers put batches: a storage backend's `TraceWriter`, or a forwarder. */
export interface BatchWriter<B> {
  /** Resolves once the batch is stored (or forwarded); rejects with a `StorageError` saying whether to retry. */
  writeTraces(batch: B): Promise<void>;
}

export interface SpanPipelineOptions<B = TraceBatch> {
  writer: BatchWriter<B>;
  /** One write from several queued batches, in queue order. Default (span model only): resource groups concatenated. */
  merge?: (batches: readonly B[]) => B;
  /** Capacity in spans, counting spans being written. */
  queueSizeSpans: number;
  /** Concurrent storage writes. */
  workers: number;
  /** Upper bound of spans merged into one storage write. */
  maxBatchSpans: number;
  /**
   * How long a worker may hold back a write that would carry fewer than `maxBatchSpans` spans, waiting for more, ms
   * (counted from when the oldest waiting batch was offered). 0 (default) writes whatever is waiting at once. A
   * forwarder sets it: per-request costs are high, and fuller requests are far cheaper per span. Draining never waits.
   */
  batchTimeoutMs?: number;
  /**
   * Called once for every write when the pipeline is done with its batch (written, or dropped for an error): for
   * batches that hold resources, e.g. the agent's views into shared buffers. Batches still queued when the shutdown
   * deadline passes are not released (the process is ending).
   */
  release?: (batch: B) => void;
  /** Suggested client back-off when refusing, ms. */
  retryAfterMs: number;
  registry: Registry;
  logger: Logger;
}

export interface DrainResult {
  /** True when everything accepted was stored (or given up for a permanent error) before the deadline. */
  drained: boolean;
  /** Spans still held when the deadline passed. */
  remainingSpans: number;
}

export interface PipelineStats {
  waitingSpans: number;
  heldSpans: number;
  capacitySpans: number;
  draining: boolean;
  acceptedSpans: number;
  savedSpans: number;
  droppedSpans: number;
}

export interface SpanPipeline<B = TraceBatch> extends SpanSink<B> {
  /** Queue occupancy and lifetime totals of this pipeline. */
  stats(): PipelineStats;
  /**
   * Stops accepting (refusals say `shutting_down`), then waits until every accepted span is written or `deadlineMs`
   * passes. Idempotent: later calls return the first call's promise.
   */
  drain(deadlineMs: number): Promise<DrainResult>;
}

const MIN_RETRY_DELAY_MS = 50;
const MAX_RETRY_DELAY_MS = 5_000;

export function createSpanPipeline(options: SpanPipelineOptions): SpanPipeline;
export function createSpanPipeline<B>(options: SpanPipelineOptions<B> & { merge: (batches: readonly B[]) => B }): SpanPipeline<B>;
export function createSpanPipeline<B>(options: SpanPipelineOptions<B>): SpanPipeline<B> {
  // Without `merge` the batches are the span model (the first overload).
  return buildPipeline<B, B>(options, options.merge ?? (mergeTraceBatches as unknown as (batches: readonly B[]) => B), undefined);
}

/**
 * A pipeline for a writer that writes in two steps (`PreparedWriter`): each accepted batch is prepared at once and its
 * prepared form is what waits in the queue, is merged and is written. Batches the queue has no room for are refused
 * before they are prepared. A batch whose preparation throws counts as accepted and dropped (`storage_error`), as a
 * write that failed for good would. When the writer takes OTLP/protobuf requests as bytes (`prepareOtlpProtobuf`), so
 * does the pipeline (`acceptOtlpProtobuf`), with the same accounting.
 */
export function createPreparingPipeline<P>(
  options: Omit<SpanPipelineOptions<P>, 'writer' | 'merge'> & { writer: PreparedWriter<P> },
): SpanPipeline<TraceBatch> {
  const w = options.writer;
  return buildPipeline<TraceBatch, P>(
    { ...options, writer: { writeTraces: (p) => w.writePrepared(p) } },
    (ps) => w.mergePrepared(ps),
    (batch) => w.prepare(batch),
    w.prepareOtlpProtobuf === undefined ? undefined : (request) => w.prepareOtlpProtobuf!(request),
  );
}

function buildPipeline<In, B>(
  options: SpanPipelineOptions<B>,
  merge: (batches: readonly B[]) => B,
  prepare: ((batch: In) => B) | undefined,
  prepareOtlp?: (request: Uint8Array) => { spanCount: number; prepare(): B } | undefined,
): SpanPipeline<In> {
  const { writer, logger } = options;
  const metrics = createPipelineMetrics(options.registry);
  const queue = createBatchQueue<B>(options.queueSizeSpans);
  metrics.queueCapacity.set(options.queueSizeSpans);
  let draining = false;
  let stopping = false;
  let drainPromise: Promise<DrainResult> | undefined;
  const idleWorkers: Array<() => void> = [];
  const quietWaiters: Array<() => void> = [];
  let busyWorkers = 0;
  const totals = { accepted: 0, saved: 0, dropped: 0 };

  const refuse = (reason: 'queue_full' | 'shutting_down', spanCount: number, origin: BatchOrigin): AcceptOutcome => {
    metrics.refusedSpans.inc({ receiver: origin.receiver, transport: origin.transport, reason }, spanCount);
    const message =
      reason === 'queue_full'
        ? `span queue is full (${queue.heldSpans}/${queue.capacitySpans} spans); retry later`
        : 'server is shutting down; retry against another instance';
    return { status: 'refused', reason, retryAfterMs: options.retryAfterMs, message };
  };

  const wakeOne = (): void => {
    const wake = idleWorkers.pop();
    if (wake !== undefined) wake();
  };

  const notifyIfQuiet = (): void => {
    if (queue.heldSpans === 0 && busyWorkers === 0) for (const w of quietWaiters.splice(0)) w();
  };

  async function writeWithRetry(batch: B, spanCount: number): Promise<void> {
    let delay = MIN_RETRY_DELAY_MS;
    for (;;) {
      const started = performance.now();
      try {
        await writer.writeTraces(batch);
        metrics.saveLatency.observe((performance.now() - started) / 1000);
        metrics.savedSpans.inc(spanCount);
        totals.saved += spanCount;
        return;
      } catch (err) {
        const retryable = err instanceof StorageError ? err.retryable : false;
        metrics.storageWriteErrors.inc({ retryable: String(retryable) });
        if (!retryable || stopping) {
          metrics.droppedSpans.inc({ reason: retryable ? 'shutdown_deadline' : 'storage_error' }, spanCount);
          totals.dropped += spanCount;
          logger.error({ err, spanCount }, 'storage write failed; spans dropped');
          return;
        }
        logger.warn({ err, spanCount, retryInMs: delay }, 'storage write failed; retrying');
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
      }
    }
  }

  const lingerMs = options.batchTimeoutMs ?? 0;

  /** Waits for `wakeOne`, or at most `timeoutMs` when given. */
  function idle(timeoutMs?: number): Promise<void> {
    return new Promise<void>((resolve) => {
      if (timeoutMs === undefined) {
        idleWorkers.push(resolve);
        return;
      }
      const wake = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const at = idleWorkers.indexOf(wake);
        if (at >= 0) idleWorkers.splice(at, 1);
        resolve();
      }, timeoutMs);
      idleWorkers.push(wake);
    });
  }

  /** Ms still to wait before writing a short batch; 0 when a write should start now. */
  function lingerLeft(): number {
    if (lingerMs <= 0 || draining || queue.waitingSpans >= options.maxBatchSpans) return 0;
    const oldest = queue.oldestEnqueuedAt();
    return oldest === undefined ? 0 : Math.max(0, oldest + lingerMs - performance.now());
  }

  async function runWorker(): Promise<void> {
    for (;;) {
      if (queue.waitingSpans === 0) {
        if (stopping) return;
        await idle();
        continue;
      }
      const wait = lingerLeft();
      if (wait > 0) {
        await idle(wait);
        continue;
      }
      const taken = queue.take(options.maxBatchSpans);
      metrics.queueLength.set(queue.waitingSpans);
      busyWorkers++;
      const now = performance.now();
      let spanCount = 0;
      for (const q of taken) {
        metrics.inQueueLatency.observe((now - q.enqueuedAt) / 1000);
        spanCount += q.spanCount;
      }
      metrics.batchSize.observe(spanCount);
      const batch = taken.length === 1 ? taken[0]!.batch : merge(taken.map((q) => q.batch));
      try {
        await writeWithRetry(batch, spanCount);
      } finally {
        options.release?.(batch);
        queue.release(spanCount);
        busyWorkers--;
        notifyIfQuiet();
      }
    }
  }

  const workers: Promise<void>[] = [];
  for (let i = 0; i < Math.max(1, options.workers); i++) workers.push(runWorker());

  /** Counts an offer of `spanCount` spans and queues what `prepareIt` makes of them, if there is room. */
  function admit(spanCount: number, origin: BatchOrigin, prepareIt: () => B): AcceptOutcome {
    metrics.receivedSpans.inc(origin, spanCount);
    if (draining) return refuse('shutting_down', spanCount, origin);
    if (spanCount === 0) return { status: 'accepted' };
    if (!queue.fits(spanCount)) return refuse('queue_full', spanCount, origin);
    metrics.acceptedSpans.inc(origin, spanCount);
    totals.accepted += spanCount;
    let queued: B;
    try {
      queued = prepareIt();
    } catch (err) {
      metrics.droppedSpans.inc({ reason: 'storage_error' }, spanCount);
      totals.dropped += spanCount;
      logger.error({ err, spanCount }, 'storage could not prepare a batch; spans dropped');
      return { status: 'accepted' };
    }
    queue.offer({ batch: queued, spanCount, origin, enqueuedAt: performance.now() });
    metrics.queueLength.set(queue.waitingSpans);
    wakeOne();
    return { status: 'accepted' };
  }

  const sink: SpanPipeline<In> = {
    accept(batch, spanCount, origin) {
      return admit(spanCount, origin, prepare === undefined ? () => batch as unknown as B : () => prepare(batch));
    },
    stats() {
      return {
        waitingSpans: queue.waitingSpans,
        heldSpans: queue.heldSpans,
        capacitySpans: queue.capacitySpans,
        draining,
        acceptedSpans: totals.accepted,
        savedSpans: totals.saved,
        droppedSpans: totals.dropped,
      };
    },
    drain(deadlineMs) {
      if (drainPromise !== undefined) return drainPromise;
      draining = true;
      // Workers holding back a short batch write it now.
      for (const w of idleWorkers.splice(0)) w();
      drainPromise = new Promise<DrainResult>((resolve) => {
        const timer = setTimeout(() => {
          stopping = true;
          const remaining = queue.heldSpans;
          if (remaining > 0) {
            metrics.droppedSpans.inc({ reason: 'shutdown_deadline' }, queue.waitingSpans);
            logger.error({ remainingSpans: remaining }, 'shutdown deadline reached before the queue drained');
          }
          resolve({ drained: remaining === 0, remainingSpans: remaining });
        }, deadlineMs);
        quietWaiters.push(() => {
          clearTimeout(timer);
          stopping = true;
          for (const w of idleWorkers.splice(0)) w();
          void Promise.all(workers).then(() => resolve({ drained: true, remainingSpans: 0 }));
        });
        notifyIfQuiet();
      });
      return drainPromise;
    },
  };
  if (prepareOtlp !== undefined) {
    // The request is looked at first (its span count is known only then), and prepared once the queue has room.
    sink.acceptOtlpProtobuf = (request, origin) => {
      if (draining) return undefined;
      let ready: { spanCount: number; prepare(): B } | undefined;
      try {
        ready = prepareOtlp(request);
      } catch (err) {
        logger.warn({ err }, 'storage could not take a request as bytes; decoding it instead');
        return undefined;
      }
      if (ready === undefined) return undefined;
      return { spanCount: ready.spanCount, outcome: admit(ready.spanCount, origin, () => ready.prepare()) };
    };
  }
  return sink;
}

/** One storage write from several queued batches; resource groups are concatenated, not copied, and so are wires. */
export function mergeTraceBatches(batches: readonly TraceBatch[]): TraceBatch {
  if (batches.length === 1) return batches[0]!;
  const resourceSpans = [];
  for (const b of batches) for (const rs of b.resourceSpans) resourceSpans.push(rs);
  const merged: TraceBatch = { resourceSpans };
  const wire = concatSpanWires(batches);
  if (wire !== undefined) attachSpanWire(merged, wire);
  return merged;
}
