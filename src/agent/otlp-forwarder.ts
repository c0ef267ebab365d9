/**
 * The agent's "storage": the writer of its span pipeline, sending each batch of encoded spans (encoded-spans.ts) to a
 * collector as OTLP/gRPC `TraceService/Export` requests, so the pipeline's queue, batching, retry with back-off and
 * SIGTERM drain apply unchanged between the agent's UDP receivers and its collectors.
 *
 * Contract:
 * - Resolves once a collector acknowledged every part of the batch. Spans the collector rejected in a partial success,
 *   and single spans larger than `maxMessageBytes`, are dropped and counted, not retried.
 * - Rejects with a retryable `StorageError` when no collector took a part and at least one failed with a retryable
 *   status (UNAVAILABLE, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED, connection errors, …): the pipeline retries later.
 *   Collectors are tried in round-robin order within one write, so one dead collector costs a failover, not a retry.
 * - Rejects with a permanent `StorageError` otherwise (e.g. INVALID_ARGUMENT); the pipeline drops the batch.
 * - A batch's requests are concatenated into as few Export requests as `maxMessageBytes` allows (a copy, no encoding);
 *   a single request above the limit is split by spans. A write retried with the same batch object resumes after the
 *   parts already acknowledged, so a retry never duplicates them.
 */
import { Metadata, status, type Client, type ServiceError } from '@grpc/grpc-js';
import type { Registry } from 'prom-client';
import { countSpans, type TraceBatch } from '../model/index.js';
import type { BatchWriter } from '../pipeline/index.js';
import { StorageError } from '../storage/api/index.js';
import type { Logger } from '../telemetry/index.js';
import { decodeOtlpProtobuf, encodeOtlpProtobuf } from '../translate/otlp/index.js';
import { agentMetrics, type AgentMetrics } from './agent-metrics.js';
import { createCollectorPool, type Collector } from './collector-pool.js';
import type { EncodedSpans } from './encoded-spans.js';
import { decodeExportResponse, isRetryableStatus, statusName } from './export-response.js';
import { splitBatch } from './split-batch.js';

export interface OtlpForwarderOptions {
  /** gRPC targets of the collectors' OTLP receivers (`host:port`, `dns:///host:port`). At least one. */
  collectors: readonly string[];
  /** Deadline of one Export call, ms. */
  sendTimeoutMs: number;
  /** Largest request sent; default 4 MiB, the collectors' default receive limit. */
  maxMessageBytes?: number;
  /** gzip-compress requests. Default false. */
  gzip?: boolean;
  registry: Registry;
  logger: Logger;
}

export interface OtlpForwarder extends BatchWriter<EncodedSpans> {
  /** Closes the channels; calls still in flight fail with CANCELLED. */
  close(): void;
}

export const OTLP_EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
/** Statuses that say "this collector cannot take it", not "this request is bad": the next collector is tried. */
const COLLECTOR_SPECIFIC = new Set<number>([status.UNIMPLEMENTED, status.UNAUTHENTICATED, status.PERMISSION_DENIED, status.NOT_FOUND]);
const WARN_INTERVAL_MS = 10_000;

interface Part {
  body: Buffer;
  spanCount: number;
  acknowledged: boolean;
}

const identity = (b: Buffer): Buffer => b;

export function createOtlpForwarder(options: OtlpForwarderOptions): OtlpForwarder {
  if (options.collectors.length === 0) throw new Error('the agent needs at least one collector address (agent.collectors)');
  const { logger } = options;
  const maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const metrics = agentMetrics(options.registry);
  const pool = createCollectorPool({ targets: options.collectors, gzip: options.gzip ?? false, maxSendMessageBytes: maxBytes });
  const plans = new WeakMap<EncodedSpans, Part[]>();
  let lastPartialWarning = 0;

  const exportTo = (client: Client, body: Buffer): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      client.makeUnaryRequest(
        OTLP_EXPORT_PATH,
        identity,
        identity,
        body,
        new Metadata(),
        { deadline: Date.now() + options.sendTimeoutMs },
        (err, response) => (err ? reject(err) : resolve(response ?? Buffer.alloc(0))),
      );
    });

  const acknowledge = (collector: Collector, part: Part, response: Buffer): void => {
    pool.succeeded(collector);
    part.acknowledged = true;
    metrics.batchesSent.inc({ collector: collector.target });
    const partial = decodeExportResponse(response);
    const rejected = Math.min(partial.rejectedSpans, part.spanCount);
    metrics.spansForwarded.inc(part.spanCount - rejected);
    if (rejected > 0) {
      metrics.spansDropped.inc({ reason: 'rejected_by_collector' }, rejected);
      const now = Date.now();
      if (now - lastPartialWarning >= WARN_INTERVAL_MS) {
        lastPartialWarning = now;
        logger.warn({ collector: collector.target, rejectedSpans: rejected, error: partial.errorMessage }, 'collector rejected spans');
      }
    }
  };

  async function send(part: Part): Promise<void> {
    let retryable: ServiceError | undefined;
    let permanent: ServiceError | undefined;
    let permanentAt = '';
    for (const collector of pool.order()) {
      let response: Buffer;
      try {
        response = await exportTo(collector.client, part.body);
      } catch (e) {
        const err = e as ServiceError;
        metrics.batchesFailed.inc({ collector: collector.target, code: statusName(err.code) });
        if (isRetryableStatus(err.code)) {
          pool.failed(collector);
          retryable = err;
          continue;
        }
        if (COLLECTOR_SPECIFIC.has(err.code)) {
          pool.failed(collector);
          permanent = err;
          permanentAt = collector.target;
          continue;
        }
        throw permanentError(err, collector.target);
      }
      acknowledge(collector, part, response);
      return;
    }
    if (retryable !== undefined) {
      throw new StorageError(
        'COLLECTOR_UNAVAILABLE',
        `no collector took the batch (${options.collectors.join(', ')}); last error: ${statusName(retryable.code)} ${retryable.details}`,
        { retryable: true, cause: retryable },
      );
    }
    throw permanentError(permanent!, permanentAt);
  }

  return {
    async writeTraces(batch) {
      let parts = plans.get(batch);
      if (parts === undefined) {
        parts = planParts(batch, maxBytes, metrics, logger);
        plans.set(batch, parts);
      }
      for (const part of parts) {
        if (part.acknowledged) continue;
        try {
          await send(part);
        } catch (err) {
          if (err instanceof StorageError && !err.retryable) {
            let lost = 0;
            for (const p of parts) if (!p.acknowledged) lost += p.spanCount;
            metrics.spansDropped.inc({ reason: 'collector_error' }, lost);
            plans.delete(batch);
          }
          throw err;
        }
      }
      plans.delete(batch);
    },
    close: () => pool.close(),
  };
}

/** Groups the batch's requests into Export requests of at most `maxBytes`; a lone span above the limit is dropped. */
function planParts(batch: EncodedSpans, maxBytes: number, metrics: AgentMetrics, logger: Logger): Part[] {
  const parts: Part[] = [];
  let group: Uint8Array[] = [];
  let groupBytes = 0;
  let groupSpans = 0;
  const flush = (): void => {
    if (group.length === 0) return;
    const only = group[0]!;
    const body = group.length === 1 ? Buffer.from(only.buffer, only.byteOffset, only.byteLength) : Buffer.concat(group, groupBytes);
    parts.push({ body, spanCount: groupSpans, acknowledged: false });
    group = [];
    groupBytes = 0;
    groupSpans = 0;
  };
  for (let i = 0; i < batch.requests.length; i++) {
    const request = batch.requests[i]!;
    const spanCount = batch.spanCounts[i]!;
    if (request.byteLength > maxBytes) {
      flush();
      splitOversized(request, spanCount, maxBytes, parts, metrics, logger);
      continue;
    }
    if (groupBytes + request.byteLength > maxBytes) flush();
    group.push(request);
    groupBytes += request.byteLength;
    groupSpans += spanCount;
  }
  flush();
  return parts;
}

/** One request above the limit: decoded and re-encoded in pieces of fewer spans (rare: a datagram is at most 64 KB). */
function splitOversized(request: Uint8Array, spanCount: number, maxBytes: number, parts: Part[], metrics: AgentMetrics, logger: Logger): void {
  const decoded = decodeOtlpProtobuf(request);
  if (!decoded.ok) {
    // Cannot happen for requests this process encoded; counted rather than thrown so the rest of the batch goes.
    metrics.spansDropped.inc({ reason: 'too_large' }, spanCount);
    logger.error({ bytes: request.byteLength, maxBytes, error: decoded.error }, 'dropped a request larger than the largest export request allowed');
    return;
  }
  const plan = (b: TraceBatch, n: number): void => {
    const bytes = encodeOtlpProtobuf(b);
    if (bytes.byteLength <= maxBytes) {
      parts.push({ body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), spanCount: n, acknowledged: false });
      return;
    }
    if (n <= 1) {
      metrics.spansDropped.inc({ reason: 'too_large' }, n);
      logger.error({ bytes: bytes.byteLength, maxBytes }, 'dropped a span larger than the largest export request allowed');
      return;
    }
    // Aim a little under the limit so that one pass usually suffices; parts still too large split again.
    const pieces = Math.max(2, Math.ceil((bytes.byteLength * 1.2) / maxBytes));
    for (const piece of splitBatch(b, Math.ceil(n / pieces))) plan(piece, countSpans(piece));
  };
  plan(decoded.batch, decoded.spanCount);
}

function permanentError(err: ServiceError, target: string): StorageError {
  const hint =
    err.code === status.UNIMPLEMENTED
      ? `; ${target} does not serve OTLP TraceService/Export: point agent.collectors at a collector's OTLP gRPC port (4317, or Ariadne's Jaeger gRPC port 14250)`
      : '';
  return new StorageError(
    'COLLECTOR_REJECTED',
    `collector ${target} refused the batch: ${statusName(err.code)} ${err.details}${hint}`,
    { retryable: false, cause: err },
  );
}
