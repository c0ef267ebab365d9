/**
 * Finds service call edges as spans are written, so that dependency queries add up stored counts instead of scanning
 * every span. An edge is a span whose parent span (same trace) belongs to another service; it counts one call from the
 * parent's service to the span's, in the minute the child span started. Spans without a service name make no edges.
 *
 * Parent and child often arrive in different writes (each service exports its own spans), so the tracker remembers,
 * per trace, the service of each span seen and the children still waiting for their parent, for the most recent
 * `capacity` traces (oldest forgotten first). An edge whose parent was written before that horizon, or before a
 * restart, is not counted. One array per trace keeps this cheap for the garbage collector.
 */
import { serviceNameOf, type Resource, type Span } from '../../model/index.js';
import type { DependencyEdge } from './log-records.js';

const NS_PER_MINUTE = 60_000_000_000n;
/** Above this many spans a trace's span ids get a Map instead of a linear scan. */
const SCAN_LIMIT = 48;

/** What the tracker reads of a batch (a decoded one, or a scanned request): services and span ids. */
export interface SpanIdsBatch {
  resourceSpans: ReadonlyArray<{
    resource: Resource;
    scopeSpans: ReadonlyArray<{ spans: ReadonlyArray<Pick<Span, 'traceId' | 'spanId' | 'parentSpanId' | 'startTimeUnixNano'>> }>;
  }>;
}

interface WaitingChild {
  parentId: string;
  service: string;
  minute: number;
}

export class DependencyTracker {
  /** Trace id → span id and service, alternating. */
  private readonly spans = new Map<string, string[]>();
  /** Span id → service for traces with many spans. */
  private readonly large = new Map<string, Map<string, string>>();
  private readonly waiting = new Map<string, WaitingChild[]>();

  constructor(private readonly capacity = 50_000) {}

  /** Remembers the batch's spans and returns the edges it completes. */
  observe(batch: SpanIdsBatch): DependencyEdge[] {
    const found = new Map<string, DependencyEdge>();
    const touched = new Set<string>();
    // Pass 1: every span of the batch becomes known, so children listed before their parent still find it.
    for (const rs of batch.resourceSpans) {
      const service = serviceNameOf(rs.resource);
      if (service === '') continue;
      let lastId = '';
      let pairs: string[] | undefined;
      for (const ss of rs.scopeSpans) {
        for (const span of ss.spans) {
          if (span.traceId !== lastId || pairs === undefined) {
            lastId = span.traceId;
            pairs = this.spans.get(lastId);
            if (pairs === undefined) this.spans.set(lastId, (pairs = []));
            if (this.waiting.size > 0) touched.add(lastId);
          }
          pairs.push(span.spanId, service);
          if (pairs.length > SCAN_LIMIT * 2) this.index(lastId, pairs).set(span.spanId, service);
        }
      }
    }
    // Pass 2: each child looks up its parent, or waits for it.
    for (const rs of batch.resourceSpans) {
      const service = serviceNameOf(rs.resource);
      if (service === '') continue;
      for (const ss of rs.scopeSpans) {
        for (const span of ss.spans) {
          if (span.parentSpanId === '') continue;
          const parent = this.serviceOf(span.traceId, span.parentSpanId);
          if (parent === service) continue;
          const minute = Number(span.startTimeUnixNano / NS_PER_MINUTE);
          if (parent !== undefined) {
            addEdge(found, minute, parent, service);
            continue;
          }
          const list = this.waiting.get(span.traceId);
          const child = { parentId: span.parentSpanId, service, minute };
          if (list === undefined) this.waiting.set(span.traceId, [child]);
          else list.push(child);
        }
      }
    }
    // Children that were waiting (from earlier writes) whose parent arrived now.
    for (const traceId of touched) this.resolveWaiting(traceId, found);
    trim(this.spans, this.capacity, (key) => this.large.delete(key));
    trim(this.waiting, this.capacity, () => {});
    return [...found.values()];
  }

  private serviceOf(traceId: string, spanId: string): string | undefined {
    const big = this.large.get(traceId);
    if (big !== undefined) return big.get(spanId);
    const pairs = this.spans.get(traceId);
    if (pairs === undefined) return undefined;
    for (let i = pairs.length - 2; i >= 0; i -= 2) if (pairs[i] === spanId) return pairs[i + 1];
    return undefined;
  }

  private index(traceId: string, pairs: readonly string[]): Map<string, string> {
    let big = this.large.get(traceId);
    if (big === undefined) {
      big = new Map();
      for (let i = 0; i < pairs.length; i += 2) big.set(pairs[i]!, pairs[i + 1]!);
      this.large.set(traceId, big);
    }
    return big;
  }

  private resolveWaiting(traceId: string, found: Map<string, DependencyEdge>): void {
    const list = this.waiting.get(traceId);
    if (list === undefined) return;
    const still = list.filter((c) => {
      const parent = this.serviceOf(traceId, c.parentId);
      if (parent === undefined) return true;
      addEdge(found, c.minute, parent, c.service);
      return false;
    });
    if (still.length === 0) this.waiting.delete(traceId);
    else this.waiting.set(traceId, still);
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
function trim<V>(map: Map<string, V>, max: number, forget: (key: string) => void): void {
  let excess = map.size - max;
  if (excess <= 0) return;
  for (const key of map.keys()) {
    map.delete(key);
    forget(key);
    if (--excess <= 0) break;
  }
}
