/**
 * Finds service call edges as spans are written, so that dependency queries add up stored counts instead of scanning
 * every span. An edge is a span whose parent span (same trace) belongs to another service; it counts one call from the
 * parent's service to the span's, in the minute the child span started. Spans without a service name make no edges.
 *
 * Parent and child often arrive in different writes (each service exports its own spans), so the tracker remembers,
 * per trace, the service of each span seen and the children still waiting for their parent, for the most recent
 * `capacity` traces (oldest forgotten first). An edge whose parent was written before that horizon, or before a
 * restart, is not counted.
 */
import { serviceNameOf, type TraceBatch } from '../../model/index.js';
import type { DependencyEdge } from './log-records.js';

const NS_PER_MINUTE = 60_000_000_000n;
/** Above this many spans a trace's span ids get a Map instead of a linear scan. */
const SCAN_LIMIT = 48;

class TraceSpans {
  readonly ids: string[] = [];
  readonly services: string[] = [];
  byId: Map<string, string> | undefined;
  /** Children whose parent was not seen yet: parent id, child service, child start minute. */
  waitingParents: string[] = [];
  waitingServices: string[] = [];
  waitingMinutes: number[] = [];

  serviceOf(spanId: string): string | undefined {
    if (this.byId !== undefined) return this.byId.get(spanId);
    const ids = this.ids;
    for (let i = ids.length - 1; i >= 0; i--) if (ids[i] === spanId) return this.services[i];
    return undefined;
  }

  add(spanId: string, service: string): void {
    this.ids.push(spanId);
    this.services.push(service);
    if (this.byId !== undefined) this.byId.set(spanId, service);
    else if (this.ids.length > SCAN_LIMIT) this.byId = new Map(this.ids.map((id, i) => [id, this.services[i]!]));
  }
}

export class DependencyTracker {
  private readonly traces = new Map<string, TraceSpans>();

  constructor(private readonly capacity = 50_000) {}

  /** Remembers the batch's spans and returns the edges it completes. */
  observe(batch: TraceBatch): DependencyEdge[] {
    const found = new Map<string, DependencyEdge>();
    const touched = new Set<TraceSpans>();
    // Pass 1: every span of the batch becomes known, so children listed before their parent still find it.
    for (const rs of batch.resourceSpans) {
      const service = serviceNameOf(rs.resource);
      if (service === '') continue;
      let lastId = '';
      let entry: TraceSpans | undefined;
      for (const ss of rs.scopeSpans) {
        for (const span of ss.spans) {
          if (span.traceId !== lastId || entry === undefined) {
            lastId = span.traceId;
            entry = this.entryOf(lastId);
            touched.add(entry);
          }
          entry.add(span.spanId, service);
        }
      }
    }
    // Pass 2: each child looks up its parent, or waits for it.
    for (const rs of batch.resourceSpans) {
      const service = serviceNameOf(rs.resource);
      if (service === '') continue;
      let lastId = '';
      let entry: TraceSpans | undefined;
      for (const ss of rs.scopeSpans) {
        for (const span of ss.spans) {
          if (span.parentSpanId === '') continue;
          if (span.traceId !== lastId || entry === undefined) {
            lastId = span.traceId;
            entry = this.traces.get(lastId)!;
          }
          const parent = entry.serviceOf(span.parentSpanId);
          if (parent === service) continue;
          const minute = Number(span.startTimeUnixNano / NS_PER_MINUTE);
          if (parent !== undefined) {
            addEdge(found, minute, parent, service);
          } else {
            entry.waitingParents.push(span.parentSpanId);
            entry.waitingServices.push(service);
            entry.waitingMinutes.push(minute);
          }
        }
      }
    }
    // Children that were waiting (from earlier writes) whose parent arrived now.
    for (const entry of touched) resolveWaiting(entry, found);
    this.trim();
    return [...found.values()];
  }

  private entryOf(traceId: string): TraceSpans {
    let entry = this.traces.get(traceId);
    if (entry === undefined) {
      entry = new TraceSpans();
      this.traces.set(traceId, entry);
    }
    return entry;
  }

  private trim(): void {
    let excess = this.traces.size - this.capacity;
    if (excess <= 0) return;
    for (const key of this.traces.keys()) {
      this.traces.delete(key);
      if (--excess <= 0) break;
    }
  }
}

function resolveWaiting(entry: TraceSpans, found: Map<string, DependencyEdge>): void {
  const parents = entry.waitingParents;
  if (parents.length === 0) return;
  let kept = 0;
  for (let i = 0; i < parents.length; i++) {
    const parent = entry.serviceOf(parents[i]!);
    if (parent === undefined) {
      parents[kept] = parents[i]!;
      entry.waitingServices[kept] = entry.waitingServices[i]!;
      entry.waitingMinutes[kept] = entry.waitingMinutes[i]!;
      kept++;
    } else {
      addEdge(found, entry.waitingMinutes[i]!, parent, entry.waitingServices[i]!);
    }
  }
  parents.length = kept;
  entry.waitingServices.length = kept;
  entry.waitingMinutes.length = kept;
}

function addEdge(found: Map<string, DependencyEdge>, minute: number, parent: string, child: string): void {
  if (parent === child) return;
  const key = `${minute}\u0000${parent}\u0000${child}`;
  const edge = found.get(key);
  if (edge === undefined) found.set(key, { minute, parent, child, calls: 1 });
  else edge.calls++;
}
