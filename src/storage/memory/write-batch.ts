/**
 * Stores a batch in two passes. Pass one encodes every span into the scratch writer, creating trace records (and so
 * evicting old ones) and interning resources and scopes. Pass two copies each trace's new spans into its buffer, which
 * grows once per batch. A record evicted during pass one (possible when a batch holds more new traces than the ring)
 * simply loses its pending spans.
 */
import { countSpans, serviceNameOf, spanWireFor, type TraceBatch } from '../../model/index.js';
import type { MemoryState } from './memory-state.js';
import { writeResource, writeScope } from './resource-codec.js';
import { writeSpan, writeWireSpan } from './span-codec.js';
import type { TraceRecord } from './trace-table.js';

/** Pass one's output, reused across batches: one entry per encoded span. */
export interface PendingSpans {
  records: TraceRecord[];
  starts: number[];
  resourceIds: number[];
  scopeIds: number[];
}

export function createPendingSpans(): PendingSpans {
  return { records: [], starts: [], resourceIds: [], scopeIds: [] };
}

export function writeBatch(state: MemoryState, batch: TraceBatch, pending: PendingSpans): void {
  state.scratch.reset();
  try {
    try {
      encodeBatch(state, batch, pending);
    } catch (err) {
      // A malformed span: keep nothing of the batch (records it created stay empty, and reads skip empty records).
      releasePending(state, pending);
      throw err;
    }
    copyIntoTraces(state, pending);
  } finally {
    pending.records.length = 0;
    pending.starts.length = 0;
    pending.resourceIds.length = 0;
    pending.scopeIds.length = 0;
  }
}

function releasePending(state: MemoryState, pending: PendingSpans): void {
  for (let i = 0; i < pending.records.length; i++) {
    pending.records[i]!.pendingBytes = 0;
    state.resources.release(pending.resourceIds[i]!);
    state.scopes.release(pending.scopeIds[i]!);
  }
}

function encodeBatch(state: MemoryState, batch: TraceBatch, pending: PendingSpans): void {
  const { scratch, traces, resources, scopes, catalog, keys } = state;
  const rss = batch.resourceSpans;
  // Spans that arrived as OTLP/protobuf are stored as the bytes they came in (a copy, no encoding).
  const wire = spanWireFor(batch, countSpans(batch));
  let nth = 0;
  for (let r = 0; r < rss.length; r++) {
    const rs = rss[r]!;
    const service = serviceNameOf(rs.resource);
    let resourceId = -1;
    const sss = rs.scopeSpans;
    for (let s = 0; s < sss.length; s++) {
      const ss = sss[s]!;
      let scopeId = -1;
      const spans = ss.spans;
      for (let i = 0; i < spans.length; i++) {
        const span = spans[i]!;
        // The record first: creating it may evict, and eviction must not meet an entry interned but not yet retained.
        const record = traces.getOrCreate(span.traceId, span.startTimeUnixNano, span.endTimeUnixNano);
        if (resourceId < 0) {
          const at = scratch.pos;
          writeResource(scratch, rs.resource, rs.schemaUrl, keys);
          resourceId = resources.intern(scratch.buf, at, scratch.pos, service);
          scratch.pos = at;
        }
        if (scopeId < 0) {
          const at = scratch.pos;
          writeScope(scratch, ss.scope, ss.schemaUrl, keys);
          scopeId = scopes.intern(scratch.buf, at, scratch.pos, '');
          scratch.pos = at;
        }
        const start = scratch.pos;
        const opId = catalog.opId(service, span.name, span.kind);
        const ref = 3 * nth++;
        const wireBuf = wire === undefined || wire.refs[ref]! < 0 ? undefined : wire.bufs[wire.refs[ref]!];
        try {
          if (wireBuf !== undefined) {
            writeWireSpan(scratch, span, opId, resourceId, scopeId, wireBuf, wire!.refs[ref + 1]!, wire!.refs[ref + 2]!);
          } else {
            writeSpan(scratch, span, opId, resourceId, scopeId, keys);
          }
        } catch (err) {
          resources.dropIfUnused(resourceId);
          scopes.dropIfUnused(scopeId);
          throw err;
        }
        resources.retain(resourceId);
        scopes.retain(scopeId);
        record.pendingBytes += scratch.pos - start;
        if (span.startTimeUnixNano < record.minStart) record.minStart = span.startTimeUnixNano;
        if (span.endTimeUnixNano > record.maxEnd) record.maxEnd = span.endTimeUnixNano;
        pending.records.push(record);
        pending.starts.push(start);
        pending.resourceIds.push(resourceId);
        pending.scopeIds.push(scopeId);
      }
    }
  }
  pending.starts.push(scratch.pos);
}

function copyIntoTraces(state: MemoryState, pending: PendingSpans): void {
  const { scratch, traces, resources, scopes } = state;
  const { records, starts } = pending;
  for (let i = 0; i < records.length; ) {
    const record = records[i]!;
    if (record.evicted) {
      resources.release(pending.resourceIds[i]!);
      scopes.release(pending.scopeIds[i]!);
      i++;
      continue;
    }
    if (record.pendingBytes > 0) {
      traces.reserve(record, record.pendingBytes);
      record.pendingBytes = 0;
      record.appends++;
    }
    // A trace's spans usually sit next to each other in a batch: copy each such run in one go.
    let last = i + 1;
    while (last < records.length && records[last] === record) last++;
    const start = starts[i]!;
    const end = starts[last]!;
    scratch.buf.copy(record.data, record.used, start, end);
    record.used += end - start;
    record.spanCount += last - i;
    traces.spanCount += last - i;
    i = last;
  }
}
