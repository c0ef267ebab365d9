/**
 * Finds service call edges as spans are written, so that dependency queries add up stored counts instead of scanning
 * every span. An edge is a span whose parent span (same trace) belongs to another service; it counts one call from the
 * parent's service to the span's, in the minute the child span started. Spans without a service name make no edges.
 *
 * Parent and child often arrive in different writes (children usually first), so the tracker remembers the service of
 * the most recent `capacity` spans and the children still waiting for their parent, both bounded (oldest forgotten
 * first). An edge whose parent was written before that horizon, or before a restart, is not counted.
 */
import { serviceNameOf, type TraceBatch } from '../../model/index.js';
import type { DependencyEdge } from './log-records.js';

const NS_PER_MINUTE = 60_000_000_000n;

interface WaitingChild {
  service: string;
  minute: number;
}

export class DependencyTracker {
  private readonly serviceOfSpan = new Map<string, string>();
  private readonly waiting = new Map<string, WaitingChild[]>();

  constructor(private readonly capacity = 200_000) {}

  /** Remembers the batch's spans and returns the edges it completes. */
  observe(batch: TraceBatch): DependencyEdge[] {
    const found = new Map<string, DependencyEdge>();
    const known = this.serviceOfSpan;
    for (const rs of batch.resourceSpans) {
      const service = serviceNameOf(rs.resource);
      if (service === '') continue;
      for (const ss of rs.scopeSpans) {
        for (const span of ss.spans) {
          const key = span.traceId + span.spanId;
          known.set(key, service);
          if (this.waiting.size > 0) {
            const children = this.waiting.get(key);
            if (children !== undefined) {
              this.waiting.delete(key);
              for (const c of children) addEdge(found, c.minute, service, c.service);
            }
          }
        }
      }
    }
    for (const rs of batch.resourceSpans) {
      const service = serviceNameOf(rs.resource);
      if (service === '') continue;
      for (const ss of rs.scopeSpans) {
        for (const span of ss.spans) {
          if (span.parentSpanId === '') continue;
          const parentKey = span.traceId + span.parentSpanId;
          const parent = known.get(parentKey);
          const minute = parent === service ? 0 : Number(span.startTimeUnixNano / NS_PER_MINUTE);
          if (parent !== undefined) {
            addEdge(found, minute, parent, service);
            continue;
          }
          const list = this.waiting.get(parentKey);
          if (list === undefined) this.waiting.set(parentKey, [{ service, minute }]);
          else list.push({ service, minute });
        }
      }
    }
    trim(known, this.capacity);
    trim(this.waiting, this.capacity >> 1);
    return [...found.values()];
  }
}

function addEdge(found: Map<string, DependencyEdge>, minute: number, parent: string, child: string): void {
  if (parent === child) return;
  const key = `${minute}\u0000${parent}\u0000${child}`;
  const edge = found.get(key);
  if (edge === undefined) found.set(key, { minute, parent, child, calls: 1 });
  else edge.calls++;
}

/** Forgets the oldest entries beyond `max` (Maps iterate in insertion order). */
function trim<V>(map: Map<string, V>, max: number): void {
  let excess = map.size - max;
  if (excess <= 0) return;
  for (const key of map.keys()) {
    map.delete(key);
    if (--excess <= 0) break;
  }
}
