/**
 * Builds the trace model (`trace-model.ts`) from spans given as columns in load order, whatever format they came in
 * (Jaeger JSON, the UI's line format). The tree is worked out in typed arrays: spans sorted by start once, children
 * kept in one shared table, an iterative pre-order walk, then depths, subtree ranges and error flags in two linear
 * passes. Never throws on odd input: spans whose parent is missing are roots (with a warning, from `orphans`),
 * reference cycles are cut at their first span (in load order), which becomes a root.
 */
import type { JaegerKeyValue, JaegerLog } from './jaeger-types.js';
import { createSpanStore } from './span-store.js';
import type { ServiceCount, Trace } from './trace-model.js';

export interface ProcessInfo {
  service: string;
  tags: JaegerKeyValue[];
}

/** Span flags in `SpanColumns.flags`. */
export const SPAN_ERROR = 1;
export const SPAN_WARNINGS = 2;

export interface SpanColumns {
  traceId: string;
  count: number;
  ids: readonly string[];
  /** Load index of each span's parent, -1 for none. */
  parents: Int32Array;
  /** µs since the epoch. */
  starts: Float64Array;
  durations: Float64Array;
  names: readonly string[];
  kinds: readonly string[];
  /** Index into `processes`. */
  processOf: Int32Array;
  processes: readonly ProcessInfo[];
  flags: Uint8Array;
  /** Warnings that came with the trace. */
  warnings: readonly string[];
  /** `[load index, parent id]` of spans whose parent is not in the trace. */
  orphans: ReadonlyArray<readonly [number, string]>;
  /** Span ids that occurred more than once (only the first span was kept). */
  duplicates: readonly string[];
  source: unknown;
}

export interface RawLink {
  refType: string;
  traceId: string;
  spanId: string;
  /** Load index of the target span, -1 when it is not in this trace. */
  target: number;
}

export interface RawSpanDetails {
  tags: JaegerKeyValue[];
  logs: readonly JaegerLog[];
  links: RawLink[];
  warnings: string[];
}

/**
 * Reads the details of one span, by load index; called once per span after it answers, undefined while the details
 * are not there yet (still arriving).
 */
export interface DetailsReader {
  read(load: number): RawSpanDetails | undefined;
}

/** `complete` settles when the reader can answer for every span (at once when it is already resolved). */
export function assembleTrace(cols: SpanColumns, reader: DetailsReader, complete: Promise<void> = Promise.resolve()): Trace {
  const n = cols.count;
  const { order, pos, roots, cycles } = preOrder(cols);
  const parent = new Int32Array(n);
  const depth = new Int32Array(n);
  const subtreeEnd = new Int32Array(n);
  const subtreeError = new Uint8Array(n);
  const childStart = new Int32Array(n + 1);
  let maxDepth = 0;
  let startUs = n === 0 ? 0 : Infinity;
  let endUs = n === 0 ? 0 : -Infinity;
  for (let i = 0; i < n; i++) {
    const load = order[i]!;
    const p = cols.parents[load]!;
    const pm = p >= 0 ? pos[p]! : -1;
    // A parent after the span is on a cut cycle: the span is a root.
    const pi = pm >= 0 && pm < i ? pm : -1;
    parent[i] = pi;
    if (pi >= 0) {
      depth[i] = depth[pi]! + 1;
      childStart[pi + 1]!++;
    }
    if (depth[i]! > maxDepth) maxDepth = depth[i]!;
    const s = cols.starts[load]!;
    if (s < startUs) startUs = s;
    if (s + cols.durations[load]! > endUs) endUs = s + cols.durations[load]!;
    subtreeEnd[i] = i + 1;
    subtreeError[i] = cols.flags[load]! & SPAN_ERROR;
  }
  for (let i = n - 1; i > 0; i--) {
    const pi = parent[i]!;
    if (pi < 0) continue;
    if (subtreeEnd[i]! > subtreeEnd[pi]!) subtreeEnd[pi] = subtreeEnd[i]!;
    subtreeError[pi]! |= subtreeError[i]!;
  }
  for (let i = 0; i < n; i++) childStart[i + 1]! += childStart[i]!;
  const childList = new Int32Array(n);
  const fill = childStart.slice(0, n);
  for (let i = 0; i < n; i++) if (parent[i]! >= 0) childList[fill[parent[i]!]!++] = i;

  const store = createSpanStore(cols, { order, pos, parent, depth, subtreeEnd, subtreeError, childStart, childList, startUs }, reader);
  const spans = store.spans();
  const services = new Map<string, ServiceCount>();
  const perProcess = new Int32Array(cols.processes.length * 2);
  for (let load = 0; load < n; load++) {
    const p = cols.processOf[load]!;
    perProcess[2 * p]!++;
    if ((cols.flags[load]! & SPAN_ERROR) !== 0) perProcess[2 * p + 1]!++;
  }
  let errorCount = 0;
  cols.processes.forEach((process, p) => {
    const count = perProcess[2 * p]!;
    if (count === 0) return;
    let sc = services.get(process.service);
    if (sc === undefined) services.set(process.service, (sc = { name: process.service, count: 0, errors: 0 }));
    sc.count += count;
    sc.errors += perProcess[2 * p + 1]!;
    errorCount += perProcess[2 * p + 1]!;
  });
  const rootIndices = roots.map((r) => pos[r]!).sort((a, b) => a - b);
  const first = spans[rootIndices[0] ?? 0];
  return {
    traceId: cols.traceId,
    spans,
    roots: rootIndices,
    startUs,
    endUs,
    durationUs: endUs - startUs,
    name: first === undefined ? '' : `${first.service}: ${first.name}`,
    rootService: first?.service ?? '',
    rootOperation: first?.name ?? '',
    services: [...services.values()].sort((a, b) => b.count - a.count || cmp(a.name, b.name)),
    maxDepth,
    errorCount,
    warnings: traceWarnings(cols, cycles),
    source: cols.source,
    childIndex: { first: childStart, list: childList },
    detailsReady: complete,
    readDetails: (budget) => store.readAhead(budget),
  };
}

interface Walk {
  /** Model index → load index. */
  order: Int32Array;
  /** Load index → model index. */
  pos: Int32Array;
  /** Load indices of the roots, including spans that cut a cycle. */
  roots: number[];
  cycles: boolean;
}

/**
 * Depth-first pre-order with children (and roots) by start time, ties in load order; iterative, so deep traces fit.
 * Sibling lists are built in load order and sorted only when they are not in start order already: data that comes
 * in this order (as the query service sends it) is walked without sorting anything.
 */
function preOrder(cols: SpanColumns): Walk {
  const n = cols.count;
  const parents = cols.parents;
  // Children of each load index as one table; roots last, under the pseudo-parent n.
  const first = new Int32Array(n + 2);
  for (let i = 0; i < n; i++) first[(parents[i]! >= 0 ? parents[i]! : n) + 1]!++;
  for (let i = 0; i <= n; i++) first[i + 1]! += first[i]!;
  const kids = new Int32Array(n);
  const fill = first.slice(0, n + 1);
  for (let i = 0; i < n; i++) kids[fill[parents[i]! >= 0 ? parents[i]! : n]!++] = i;
  for (let p = 0; p <= n; p++) sortByStart(kids, first[p]!, first[p + 1]!, cols.starts);
  const order = new Int32Array(n);
  const pos = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n + 1);
  const roots: number[] = Array.from(kids.subarray(first[n]!, first[n + 1]!));
  let count = 0;
  const walk = (from: readonly number[]) => {
    let top = 0;
    for (let r = from.length - 1; r >= 0; r--) stack[top++] = from[r]!;
    while (top > 0) {
      const d = stack[--top]!;
      if (pos[d]! >= 0) continue;
      pos[d] = count;
      order[count++] = d;
      for (let c = first[d + 1]! - 1; c >= first[d]!; c--) if (pos[kids[c]!]! < 0) stack[top++] = kids[c]!;
    }
  };
  walk(roots);
  const cycles = count < n;
  // Spans left out are on reference cycles: cut each cycle at its first span, which becomes a root.
  for (let i = 0; count < n; i++) {
    if (pos[i]! >= 0) continue;
    roots.push(i);
    walk([i]);
  }
  return { order, pos, roots, cycles };
}

/** Sorts the load indices kids[from, to) by start, ties by load index, unless they are in that order already. */
function sortByStart(kids: Int32Array, from: number, to: number, starts: Float64Array): void {
  let sorted = true;
  for (let k = from + 1; k < to && sorted; k++) if (starts[kids[k]!]! < starts[kids[k - 1]!]!) sorted = false;
  if (sorted) return;
  const list = Array.from(kids.subarray(from, to));
  list.sort((a, b) => starts[a]! - starts[b]! || a - b);
  kids.set(list, from);
}

function traceWarnings(cols: SpanColumns, cycles: boolean): string[] {
  const out = [...cols.warnings];
  for (const id of cols.duplicates) out.push(`duplicate span id ${id}: only the first span is shown`);
  for (const [load, parentId] of cols.orphans) out.push(`span ${cols.ids[load]} references parent ${parentId} which is not in the trace`);
  if (cycles) out.push('some spans form a reference cycle; the cycle is cut and shown from its first span');
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

