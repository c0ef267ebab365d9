/**
 * Service dependencies computed at read time, as Jaeger's memory store does: in every stored trace that overlaps the
 * window, each span whose parent is in the same trace and belongs to another service counts one call from the
 * parent's service to the span's service. Spans without a service name are left out.
 */
import type { DependencyLink } from '../api/index.js';
import type { MemoryState } from './memory-state.js';
import { H_RESOURCE_ID, nextSpanOffset, readSpanIds } from './span-codec.js';
import type { TraceRecord } from './trace-table.js';

export const DEPENDENCY_SOURCE = 'jaeger';

export function computeDependencies(state: MemoryState, startTimeUnixNano: bigint, endTimeUnixNano: bigint): DependencyLink[] {
  const edges = new Map<string, DependencyLink>();
  state.traces.forEachNewestFirst((record) => {
    if (record.spanCount > 0 && record.minStart <= endTimeUnixNano && record.maxEnd >= startTimeUnixNano) {
      countTraceEdges(state, record, edges);
    }
    return true;
  });
  return [...edges.values()];
}

function countTraceEdges(state: MemoryState, record: TraceRecord, edges: Map<string, DependencyLink>): void {
  const buf = record.data;
  const serviceBySpanId = new Map<string, string>();
  const ids = { spanId: '', parentSpanId: '' };
  const services: string[] = [];
  const parents: string[] = [];
  for (let off = 0; off < record.used; off = nextSpanOffset(buf, off)) {
    readSpanIds(buf, off, ids);
    const service = state.resources.get(buf.readUInt32LE(off + H_RESOURCE_ID)).serviceName;
    serviceBySpanId.set(ids.spanId, service);
    services.push(service);
    parents.push(ids.parentSpanId);
  }
  for (let i = 0; i < services.length; i++) {
    const parentId = parents[i]!;
    if (parentId === '') continue;
    const parent = serviceBySpanId.get(parentId);
    const child = services[i]!;
    if (parent === undefined || parent === child || parent === '' || child === '') continue;
    const key = parent + '\u0000' + child;
    const link = edges.get(key);
    if (link === undefined) edges.set(key, { parent, child, callCount: 1, source: DEPENDENCY_SOURCE });
    else link.callCount++;
  }
}
