/** Turns a stored trace back into fresh model objects, grouped by resource and scope in first-seen order. */
import type { ResourceSpans, ScopeSpans, Trace } from '../../model/index.js';
import { createSpanMessageDecoder, type SpanMessageDecoder } from '../../translate/otlp/index.js';
import type { MemoryState } from './memory-state.js';
import { readResource, readScope } from './resource-codec.js';
import { H_RESOURCE_ID, H_SCOPE_ID, nextSpanOffset, readSpan } from './span-codec.js';
import type { TraceRecord } from './trace-table.js';

interface ResourceGroup {
  resourceSpans: ResourceSpans;
  scopes: Map<number, ScopeSpans>;
}

export function decodeTrace(state: MemoryState, record: TraceRecord): Trace {
  const { resources, scopes, catalog, keys } = state;
  const buf = record.data;
  const out: ResourceSpans[] = [];
  const groups = new Map<number, ResourceGroup>();
  let messages: SpanMessageDecoder | undefined;
  for (let off = 0; off < record.used; off = nextSpanOffset(buf, off)) {
    const resourceId = buf.readUInt32LE(off + H_RESOURCE_ID);
    let group = groups.get(resourceId);
    if (group === undefined) {
      const { resource, schemaUrl } = readResource(resources.get(resourceId).bytes, keys);
      group = { resourceSpans: { resource, scopeSpans: [], schemaUrl }, scopes: new Map() };
      groups.set(resourceId, group);
      out.push(group.resourceSpans);
    }
    const scopeId = buf.readUInt32LE(off + H_SCOPE_ID);
    let scopeSpans = group.scopes.get(scopeId);
    if (scopeSpans === undefined) {
      const { scope, schemaUrl } = readScope(scopes.get(scopeId).bytes, keys);
      scopeSpans = { scope, spans: [], schemaUrl };
      group.scopes.set(scopeId, scopeSpans);
      group.resourceSpans.scopeSpans.push(scopeSpans);
    }
    scopeSpans.spans.push(readSpan(buf, off, record.traceId, catalog, keys, (messages ??= createSpanMessageDecoder(buf))));
  }
  return { traceId: record.traceId, resourceSpans: out };
}
