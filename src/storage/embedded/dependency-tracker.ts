/**
 * Finds service call edges as spans are written, so that dependency queries add up stored counts instead of scanning
 * every span. An edge is a span whose parent span (same trace) belongs to another service; it counts one call from the
 * parent's service to the span's, in the minute the child span started. Spans without a service name make no edges.
 *
 * Parent and child often arrive in different writes (each service exports its own spans), so the tracker remembers,
 * per trace, the service of each span seen and the children still waiting for their parent, for the most recent
 * `capacity` traces (oldest forgotten first). An edge whose parent was written before that horizon, or before a
 * restart, is not counted.
 *
 * Kept cheap for the garbage collector: per trace one array of small integers (each span id as three parts of 24, 24
 * and 16 bits, then its service's index), so remembering a span retains no string. Measured: holding the decoded span
 * id strings instead made the tracker about 7 % of the embedded store's ingest CPU, most of it in the collector.
 */
import { serviceNameOf, type TraceBatch } from '../../model/index.js';
import type { DependencyEdge } from './log-records.js';

const NS_PER_MINUTE = 60_000_000_000n;
/** Above this many spans a trace's span ids get a Map instead of a linear scan. */
const SCAN_LIMIT = 48;

/** Span ids that are not 16 lowercase hex digits (only possible from non-OTLP sources) are kept as strings. */
const NOT_HEX = -1;

/** The spans seen of one trace. */
interface TraceSpans {
  /** Four numbers per span: its id's parts (see `idParts`) and its service's index. */
  ids: number[];
  /** Span id → service index for traces above SCAN_LIMIT spans, and for span ids that are not hex. */
  byId: Map<string, number> | undefined;
}

interface WaitingChild {
  parentId: string;
  service: string;
  minute: number;
}

export class DependencyTracker {
  private readonly traces = new Map<string, TraceSpans>();
  private readonly waiting = new Map<string, WaitingChild[]>();
  private readonly services: string[] = [];
  private readonly serviceIndex = new Map<string, number>();
  private readonly parts = [0, 0, 0];

  constructor(private readonly capacity = 50_000) {}

  /** Remembers the batch's spans and returns the edges it completes. */
  observe(batch: TraceBatch): DependencyEdge[] {
    const found = new Map<string, DependencyEdge>();
    const touched = new Set<string>();
    // Pass 1: every span of the batch becomes known, so children listed before their parent still find it.
    for (const rs of batch.resourceSpans) {
      const service = serviceNameOf(rs.resource);
      if (service === '') continue;
      const serviceIndex = this.indexOf(service);
      let lastId = '';
      let trace: TraceSpans | undefined;
      for (const ss of rs.scopeSpans) {
        for (const span of ss.spans) {
          if (span.traceId !== lastId || trace === undefined) {
            lastId = span.traceId;
            trace = this.traces.get(lastId);
            if (trace === undefined) this.traces.set(lastId, (trace = { ids: [], byId: undefined }));
            if (this.waiting.size > 0) touched.add(lastId);
          }
          this.remember(trace, span.spanId, serviceIndex);
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
    trim(this.traces, this.capacity);
    trim(this.waiting, this.capacity);
    return [...found.values()];
  }

  private indexOf(service: string): number {
    let i = this.serviceIndex.get(service);
    if (i === undefined) {
      i = this.services.length;
      this.services.push(service);
      this.serviceIndex.set(service, i);
    }
    return i;
  }

  private remember(trace: TraceSpans, spanId: string, service: number): void {
    const p = this.parts;
    if (idParts(spanId, p)) trace.ids.push(p[0]!, p[1]!, p[2]!, service);
    else (trace.byId ??= new Map()).set(spanId, service);
    if (trace.ids.length > SCAN_LIMIT * 4) {
      // A large trace: every span id into the map, looked up there from now on.
      const byId = (trace.byId ??= new Map());
      const ids = trace.ids;
      for (let i = 0; i < ids.length; i += 4) byId.set(idHex(ids[i]!, ids[i + 1]!, ids[i + 2]!), ids[i + 3]!);
      ids.length = 0;
    }
  }

  private serviceOf(traceId: string, spanId: string): string | undefined {
    const trace = this.traces.get(traceId);
    if (trace === undefined) return undefined;
    const known = trace.byId?.get(spanId);
    if (known !== undefined) return this.services[known];
    const p = this.parts;
    if (!idParts(spanId, p)) return undefined;
    const ids = trace.ids;
    for (let i = ids.length - 4; i >= 0; i -= 4) {
      if (ids[i] === p[0] && ids[i + 1] === p[1] && ids[i + 2] === p[2]) return this.services[ids[i + 3]!];
    }
    return undefined;
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
function trim<V>(map: Map<string, V>, max: number): void {
  let excess = map.size - max;
  if (excess <= 0) return;
  for (const key of map.keys()) {
    map.delete(key);
    if (--excess <= 0) break;
  }
}

/** Nibble values of '0'–'9' and 'a'–'f' by char code; NOT_HEX elsewhere. */
const NIBBLES = new Int8Array(128).fill(NOT_HEX);
for (let i = 0; i < 16; i++) NIBBLES['0123456789abcdef'.charCodeAt(i)] = i;

/** Splits a 16-hex-digit span id into parts of 6, 6 and 4 digits (small integers); false when it is not such an id. */
function idParts(id: string, out: number[]): boolean {
  if (id.length !== 16) return false;
  let part = 0;
  let value = 0;
  for (let i = 0; i < 16; i++) {
    const c = id.charCodeAt(i);
    const n = c < 128 ? NIBBLES[c]! : NOT_HEX;
    if (n < 0) return false;
    value = value * 16 + n;
    if (i === 5 || i === 11 || i === 15) {
      out[part++] = value;
      value = 0;
    }
  }
  return true;
}

/** The span id `idParts` split. */
function idHex(a: number, b: number, c: number): string {
  return a.toString(16).padStart(6, '0') + b.toString(16).padStart(6, '0') + c.toString(16).padStart(4, '0');
}
