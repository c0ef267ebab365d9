/**
 * The one storage interface every backend implements. OTLP-shaped: writes take a `TraceBatch`, reads return whole
 * `Trace`s. Every backend runs the shared conformance suite in `src/storage/conformance/`.
 */
import type { Trace, TraceBatch } from '../../model/index.js';
import type { SpanKindName } from './span-kind-name.js';

/**
 * Writes spans.
 *
 * Contract:
 * - `writeTraces` resolves once the batch is durable to the level the backend documents in its `capabilities()`
 *   (`durability`): for the memory backend that is "visible to readers"; a persistent backend states its fsync policy.
 * - Writing is idempotent per call but not deduplicated: writing the same span twice stores it twice (readers keep both,
 *   query-time adjusters decide what to show).
 * - The backend may keep references to the batch's objects; callers must not mutate a batch after handing it over.
 * - A rejected promise means nothing of the batch may be assumed stored; the error is a `StorageError`.
 */
export interface TraceWriter {
  writeTraces(batch: TraceBatch): Promise<void>;
  /** Optional: writing in two steps (see `PreparedWriter`); the collector pipeline uses it when offered. */
  prepared?: PreparedWriter<unknown>;
}

/**
 * Writing in two steps, for a backend whose write turns spans into a form of its own: `prepare` does the part that
 * needs the span model, synchronously, when the pipeline accepts a batch (while its decoded objects are young), and
 * what waits in the pipeline's queue is that form, not the model. Why (measured with the embedded store under
 * `npm run bench:ingest`): queued span models survive young-generation collections and get promoted, and with a busy
 * store the garbage collector spent more time on them than the store on its writes.
 *
 * Contract: `prepare` has no effect readers can see; it may throw (then nothing of the batch is written).
 * `writePrepared(p)` then behaves exactly as `writeTraces` on the batch (durability, errors) and may be called again
 * with the same `p` after a rejection. `mergePrepared` makes one write of several, in order; the values it is given
 * are not written on their own afterwards.
 *
 * `prepareOtlpProtobuf` (optional) takes an OTLP/protobuf ExportTraceServiceRequest straight from its bytes, for a
 * backend that builds its form without the span model. Undefined means the bytes need the decoder (malformed, or
 * holding spans the decoder rejects): decode them and `prepare` the batch. Otherwise it tells how many spans the
 * request holds, and its `prepare()`, called once there is room for them, gives what `prepare` of the decoded batch
 * would (the request's bytes must not change until its write is done). Not calling it has no effect.
 */
export interface PreparedWriter<P> {
  prepare(batch: TraceBatch): P;
  prepareOtlpProtobuf?(request: Uint8Array): { spanCount: number; prepare(): P } | undefined;
  mergePrepared(prepared: readonly P[]): P;
  writePrepared(prepared: P): Promise<void>;
}

/** A trace id to fetch, with optional time hints (ns) a backend may use to narrow its scan. Hints never exclude spans. */
export interface GetTraceParams {
  traceId: string;
  startTimeUnixNano?: bigint;
  endTimeUnixNano?: bigint;
}

/** One attribute predicate. `value` is compared with the stored value's string form (`anyValueToString`). */
export interface AttributeFilter {
  key: string;
  value: string;
}

/**
 * A search. All given predicates must hold on one span (its attributes, its events' attributes, its links' attributes,
 * its resource and its scope); the whole trace of every such span is returned.
 * Special attribute keys: `error` (true ⇔ status ERROR), `span.kind` (server, client, …), `span.status` (OK, ERROR,
 * UNSET), `scope.name`, `scope.version`, `resource.<key>` (resource only).
 */
export interface TraceQuery {
  /** Matched against the resource's `service.name`; '' means any service. */
  serviceName: string;
  /** Exact span name; '' means any. */
  operationName: string;
  attributes: AttributeFilter[];
  /** Inclusive bounds on the span's start time, ns; undefined = unbounded. */
  startTimeMin: bigint | undefined;
  startTimeMax: bigint | undefined;
  /** Inclusive bounds on the span's duration, ns; undefined = unbounded. */
  durationMin: bigint | undefined;
  durationMax: bigint | undefined;
  /** Maximum number of traces to return (not spans). At least 1. */
  searchDepth: number;
}

/**
 * A trace id found by a search, with a time range that covers at least its matching spans (a hint for a later
 * `getTraces`; a backend may give the range of the whole stored trace, as the memory backend does).
 */
export interface FoundTraceId {
  traceId: string;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
}

export interface Operation {
  name: string;
  /** Jaeger's lowercase kind name; '' when the span kind was unspecified. */
  spanKind: SpanKindName;
}

export interface OperationQuery {
  serviceName: string;
  /** Undefined returns operations of every kind. */
  spanKind: SpanKindName | undefined;
}

/**
 * Reads traces.
 *
 * Contract:
 * - Returned objects belong to the caller, who may mutate them (query adjusters do); backends return fresh copies.
 * - Not found is an empty result, never an error. A fetch by id is never limited by a lookback or retention window
 *   other than what the backend has really deleted.
 * - Each yielded `Trace` is complete (every stored span of that id) and yielded once. Order is unspecified.
 * - `findTraces` yields at most `searchDepth` traces; they are those whose matching spans started most recently (a
 *   backend may approximate this by arrival order, as the memory backend does, scanning newest first by first sight).
 * - Errors reject with a `StorageError`.
 */
export interface TraceReader {
  getTraces(params: readonly GetTraceParams[]): AsyncIterable<Trace>;
  getServices(): Promise<string[]>;
  getOperations(query: OperationQuery): Promise<Operation[]>;
  findTraces(query: TraceQuery): AsyncIterable<Trace>;
  findTraceIds(query: TraceQuery): Promise<FoundTraceId[]>;
}

/** A service-to-service call edge. */
export interface DependencyLink {
  parent: string;
  child: string;
  callCount: number;
  /** How the link was obtained; `jaeger` for links computed from spans (Jaeger's default). */
  source: string;
}

/**
 * Dependencies between services, computed from stored spans whose trace overlaps [startTime, endTime] (ns): each span
 * whose parent span is in the same trace and belongs to another service counts one call parent service → child
 * service. One link per (parent, child) pair; spans without a service name make no link.
 */
export interface DependencyReader {
  getDependencies(query: { startTimeUnixNano: bigint; endTimeUnixNano: bigint }): Promise<DependencyLink[]>;
}

export interface StorageCapabilities {
  /** Human-readable durability promise of `writeTraces`, e.g. "in memory: lost on restart". */
  durability: string;
  /** Whether a search needs a service name. */
  requiresServiceName: boolean;
}

/**
 * A running storage backend. `close()` is idempotent; it waits for in-flight writes and releases files and sockets.
 * `checkReady()` resolves when the backend can serve reads and writes, and rejects with the reason otherwise.
 */
export interface StorageBackend {
  readonly name: string;
  readonly writer: TraceWriter;
  readonly reader: TraceReader;
  readonly dependencies: DependencyReader;
  capabilities(): StorageCapabilities;
  checkReady(): Promise<void>;
  close(): Promise<void>;
}
