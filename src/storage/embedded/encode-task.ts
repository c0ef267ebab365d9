/**
 * A batch described for a page-encoding thread (page-workers.ts): the received OTLP/protobuf bytes its spans sit in
 * (see model/span-wire.ts), where each span is, each span's operation id, and the resources and scopes from the model.
 * The thread decodes the spans again from the bytes and builds the same pages the event loop would (page-builder.ts),
 * so what crosses threads is a copy of the request bytes and a few small arrays, not span objects (a structured clone
 * of decoded spans costs far more to build and read back than decoding the bytes again).
 *
 * Resources and scopes come from the model, not the bytes, so whatever the pipeline did to them is kept; spans come
 * from the bytes, which the span wire guarantees are the spans of the batch (code that changes a span detaches it).
 */
import {
  attachSpanWire,
  countSpans,
  serviceNameOf,
  spanWireFor,
  type InstrumentationScope,
  type Resource,
  type ResourceSpans,
  type SpanKind,
  type TraceBatch,
} from '../../model/index.js';
import { createSpanMessageDecoder, spanMessageEnd, type ScannedRequest, type SpanMessageDecoder } from '../../translate/otlp/index.js';
import type { OperationCatalog } from './operation-catalog.js';

export interface EncodeTaskScope {
  scope: InstrumentationScope;
  schemaUrl: string;
  spanCount: number;
}

export interface EncodeTaskResource {
  resource: Resource;
  schemaUrl: string;
  scopes: EncodeTaskScope[];
}

export interface EncodeTask {
  bufs: Uint8Array[];
  /** Per span, in batch order: index into `bufs`, then the start of its length-delimited `Span` message. */
  places: Int32Array;
  /** Per span, in batch order: its operation id in the store's catalog. */
  opIds: Int32Array;
  resources: EncodeTaskResource[];
  spanCount: number;
}

/** What a task is built from: resources and scopes with their spans' names and kinds, in batch order. */
interface TaskSource {
  resourceSpans: ReadonlyArray<{
    resource: Resource;
    schemaUrl: string;
    scopeSpans: ReadonlyArray<{ scope: InstrumentationScope; schemaUrl: string; spans: ReadonlyArray<{ name: string; kind: SpanKind }> }>;
  }>;
}

/**
 * The task for `batch`, registering its operations in `catalog`; undefined when some span has no received bytes (it
 * came from another protocol, or was changed): such a batch is encoded where it is.
 */
export function encodeTaskFor(batch: TraceBatch, catalog: OperationCatalog): EncodeTask | undefined {
  const spanCount = countSpans(batch);
  const wire = spanWireFor(batch, spanCount);
  if (wire === undefined) return undefined;
  const refs = wire.refs;
  const places = new Int32Array(spanCount * 2);
  for (let i = 0; i < spanCount; i++) {
    const b = refs[3 * i]!;
    if (b < 0) return undefined;
    places[2 * i] = b;
    places[2 * i + 1] = refs[3 * i + 1]!;
  }
  return taskOf(batch, wire.bufs, places, spanCount, catalog);
}

/** The task for a scanned OTLP/protobuf request (`scanOtlpProtobuf`), registering its operations in `catalog`. */
export function encodeTaskOfScan(scanned: ScannedRequest, request: Uint8Array, catalog: OperationCatalog): EncodeTask {
  const places = new Int32Array(scanned.spanCount * 2);
  let n = 0;
  for (const rs of scanned.resourceSpans) for (const ss of rs.scopeSpans) for (const span of ss.spans) places[2 * n++ + 1] = span.messageStart;
  return taskOf(scanned, [request], places, scanned.spanCount, catalog);
}

function taskOf(source: TaskSource, bufs: Uint8Array[], places: Int32Array, spanCount: number, catalog: OperationCatalog): EncodeTask {
  const opIds = new Int32Array(spanCount);
  const resources: EncodeTaskResource[] = [];
  let n = 0;
  for (const rs of source.resourceSpans) {
    const service = serviceNameOf(rs.resource);
    const scopes: EncodeTaskScope[] = [];
    for (const ss of rs.scopeSpans) {
      const spans = ss.spans;
      for (let i = 0; i < spans.length; i++) opIds[n++] = catalog.idOf(service, spans[i]!.name, spans[i]!.kind);
      scopes.push({ scope: ss.scope, schemaUrl: ss.schemaUrl, spanCount: spans.length });
    }
    resources.push({ resource: rs.resource, schemaUrl: rs.schemaUrl, scopes });
  }
  return { bufs, places, opIds, resources, spanCount };
}

/**
 * The batch a task describes, its spans decoded from the bytes (the span wire attached, so the page builder knows the
 * ids were checked by the decoder). Throws when a span's bytes do not decode as a valid span.
 */
export function batchOfTask(task: EncodeTask): TraceBatch {
  const decoders: Array<SpanMessageDecoder | undefined> = new Array(task.bufs.length);
  const places = task.places;
  const refs: number[] = new Array(task.spanCount * 3);
  const resourceSpans: ResourceSpans[] = [];
  let n = 0;
  for (const r of task.resources) {
    const rs: ResourceSpans = { resource: r.resource, schemaUrl: r.schemaUrl, scopeSpans: [] };
    for (const s of r.scopes) {
      const spans = new Array(s.spanCount);
      for (let i = 0; i < s.spanCount; i++, n++) {
        const b = places[2 * n]!;
        const start = places[2 * n + 1]!;
        const decoder = (decoders[b] ??= createSpanMessageDecoder(task.bufs[b]!));
        spans[i] = decoder.decode(start);
        refs[3 * n] = b;
        refs[3 * n + 1] = start;
        refs[3 * n + 2] = spanMessageEnd(task.bufs[b]!, start);
      }
      rs.scopeSpans.push({ scope: s.scope, schemaUrl: s.schemaUrl, spans });
    }
    resourceSpans.push(rs);
  }
  if (n !== task.spanCount) throw new RangeError(`task describes ${n} spans, expected ${task.spanCount}`);
  const batch: TraceBatch = { resourceSpans };
  attachSpanWire(batch, { bufs: task.bufs, refs });
  return batch;
}
