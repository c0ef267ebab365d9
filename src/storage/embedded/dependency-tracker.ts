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
  /**
   * Trace id → its spans as number triples: the span id's two 32-bit halves and the service's number. Numbers only, so
   * V8 keeps each list as one flat array of doubles: the garbage collector marks one object per trace, not a string
   * per span (measured: the strings were a third of the event loop's full-collection marking under ingest).
   */
  private readonly spans = new Map<string, number[]>();
  /** Span id → service number for traces of many spans (all their spans). */
  private readonly large = new Map<string, Map<string, number>>();
  /** Span id → service number for span ids that are not 16 lowercase hex digits (any trace). */
  private readonly odd = new Map<string, Map<string, number>>();
  private readonly waiting = new Map<string, WaitingChild[]>();
  private readonly serviceNumbers = new Map<string, number>();
  private readonly serviceNames: string[] = [];

  constructor(private readonly capacity = 50_000) {}

  /** Remembers the batch's spans and returns the edges it completes. */
  observe(batch: SpanIdsBatch): DependencyEdge[] {
    const found = new Map<string, DependencyEdge>();
    const touched = new Set<string>();
    // Pass 1: every span of the batch becomes known, so children listed before their parent still find it.
    for (const rs of batch.resourceSpans) {
      const service = serviceNameOf(rs.resource);
      if (service === '') continue;
      const svc = this.serviceNumber(service);
      let lastId = '';
      let triples: number[] | undefined;
      for (const ss of rs.scopeSpans) {
        for (const span of ss.spans) {
          if (span.traceId !== lastId || triples === undefined) {
            lastId = span.traceId;
            triples = this.spans.get(lastId);
            if (triples === undefined) this.spans.set(lastId, (triples = []));
            if (this.waiting.size > 0) touched.add(lastId);
          }
          const hi = hexHalf(span.spanId, 0);
          const lo = hexHalf(span.spanId, 8);
          if (hi < 0 || lo < 0) {
            mapOf(this.odd, lastId).set(span.spanId, svc);
            continue;
          }
          triples.push(hi, lo, svc);
          if (triples.length > SCAN_LIMIT * 3) this.largeIndex(lastId, triples).set(span.spanId, svc);
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
    trim(this.spans, this.capacity, (key) => {
      this.large.delete(key);
      this.odd.delete(key);
    });
    trim(this.waiting, this.capacity, () => {});
    return [...found.values()];
  }

  private serviceNumber(service: string): number {
    let n = this.serviceNumbers.get(service);
    if (n === undefined) {
      n = this.serviceNames.length;
      this.serviceNumbers.set(service, n);
      this.serviceNames.push(service);
    }
    return n;
  }

  private serviceOf(traceId: string, spanId: string): string | undefined {
    const hi = hexHalf(spanId, 0);
    const lo = hexHalf(spanId, 8);
    let n: number | undefined;
    if (hi < 0 || lo < 0) n = this.odd.get(traceId)?.get(spanId);
    else {
      const big = this.large.get(traceId);
      if (big !== undefined) n = big.get(spanId);
      else {
        const triples = this.spans.get(traceId);
        if (triples !== undefined) {
          for (let i = triples.length - 3; i >= 0; i -= 3) {
            if (triples[i + 1] === lo && triples[i] === hi) {
              n = triples[i + 2];
              break;
            }
          }
        }
      }
    }
    return n === undefined ? undefined : this.serviceNames[n];
  }

  /** The span id index of a trace of many spans, made from its triples the first time. */
  private largeIndex(traceId: string, triples: readonly number[]): Map<string, number> {
    let big = this.large.get(traceId);
    if (big === undefined) {
      big = new Map();
      for (let i = 0; i < triples.length; i += 3) big.set(halvesToHex(triples[i]!, triples[i + 1]!), triples[i + 2]!);
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

/** The value of the 8 lowercase hex digits of a 16-digit `id` from `at`; -1 for any other id. */
function hexHalf(id: string, at: number): number {
  if (id.length !== 16) return -1;
  let v = 0;
  let bad = 0;
  for (let i = at; i < at + 8; i++) {
    const c = id.charCodeAt(i);
    const d = HEX_VALUES[c & 0x7f]!;
    // Negative for a non-digit; above 15 for a character beyond ASCII (whose low 7 bits may look like a digit).
    bad |= d | ((c >> 7) << 4);
    v = v * 16 + (d & 15);
  }
  return bad < 0 || bad > 15 ? -1 : v;
}

/** Digit value of each ASCII lowercase hex digit; -1 for every other character. */
const HEX_VALUES = Int8Array.from({ length: 128 }, (_, c) => (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1));

function mapOf(maps: Map<string, Map<string, number>>, key: string): Map<string, number> {
  let m = maps.get(key);
  if (m === undefined) maps.set(key, (m = new Map()));
  return m;
}

function halvesToHex(hi: number, lo: number): string {
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
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
