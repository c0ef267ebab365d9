/**
 * The critical path of a trace: the chain of work that determined its end-to-end duration. Walking back from a span's
 * end, the child that finished last (by the point reached so far) is on the path, then the walk continues from that
 * child's start; the parent's own time between such children is on the path too. Children are clipped to their
 * parent's time range. The result is a list of segments, each a span index and the time range (absolute µs) during
 * which that span was the critical one.
 *
 * The walk keeps its frames and the children being considered in typed-array stacks: when every span is on the path
 * (sequential children everywhere) it visits all of them without allocating per span.
 */
import type { Trace } from './trace-model.js';

export interface CriticalSegment {
  span: number;
  startUs: number;
  endUs: number;
}

/**
 * The critical path as typed arrays (a trace whose spans all wait on each other has twice as many segments as spans:
 * no object per segment), segments in start order, plus a span's own segments on demand.
 */
export interface CriticalPath {
  length: number;
  span: Int32Array;
  startUs: Float64Array;
  endUs: Float64Array;
  /** The span's segments in time order, or undefined when it is off the path. */
  get(index: number): CriticalSegment[] | undefined;
}

/** Segments by span, for drawing: `get(index)` is the span's segments in time order, or undefined. */
export interface CriticalIndex {
  get(index: number): CriticalSegment[] | undefined;
}

/**
 * Starts from the root that ends last (a trace with several roots has one end, set by that root).
 */
export function computeCriticalPath(trace: Trace): CriticalPath {
  const spans = trace.spans;
  const n = spans.length;
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    start[i] = spans[i]!.startUs;
    end[i] = start[i]! + spans[i]!.durationUs;
  }
  // At most one segment per span and one per child edge.
  const segSpan = new Int32Array(2 * n + 1);
  const segStart = new Float64Array(2 * n + 1);
  const segEnd = new Float64Array(2 * n + 1);
  let count = 0;
  if (trace.roots.length === 0) return withIndex(n, 0, segSpan, segStart, segEnd);
  let root = trace.roots[0]!;
  for (const r of trace.roots) if (end[r]! > end[root]!) root = r;

  // Frame k: span, clipped end, cursor (how far back the walk has come), floor (clipped start), and its children,
  // latest end first, at kids[base[k] + next[k] .. base[k + 1]).
  const depth = trace.maxDepth + 2;
  const fSpan = new Int32Array(depth);
  const fEnd = new Float64Array(depth);
  const fCursor = new Float64Array(depth);
  const fFloor = new Float64Array(depth);
  const fNext = new Int32Array(depth);
  const base = new Int32Array(depth + 1);
  const kids = new Int32Array(n);
  const { first: childFirst, list: childList } = trace.childIndex;
  const push = (span: number, startUs: number, endUs: number) => {
    if (endUs <= startUs) return;
    segSpan[count] = span;
    segStart[count] = startUs;
    segEnd[count++] = endUs;
  };
  let top = -1;
  const open = (span: number, e: number, floor: number) => {
    top++;
    fSpan[top] = span;
    fEnd[top] = e;
    fCursor[top] = e;
    fFloor[top] = floor;
    fNext[top] = base[top]!;
    const from = base[top]!;
    let to = from;
    for (let c = childFirst[span]!; c < childFirst[span + 1]!; c++) kids[to++] = childList[c]!;
    sortByEndDescending(kids, from, to, end);
    base[top + 1] = to;
  };
  open(root, end[root]!, start[root]!);
  while (top >= 0) {
    const span = fSpan[top]!;
    let descended = false;
    while (fNext[top]! < base[top + 1]!) {
      const c = kids[fNext[top]!++]!;
      const childEnd = Math.min(end[c]!, fEnd[top]!);
      const childStart = Math.max(start[c]!, fFloor[top]!);
      // As Jaeger: only a child that finished by the time reached so far can be the one the span waited for.
      if (childEnd > fCursor[top]! || childEnd <= childStart) continue;
      push(span, childEnd, fCursor[top]!);
      fCursor[top] = childStart;
      open(c, childEnd, childStart);
      descended = true;
      break;
    }
    if (descended) continue;
    push(span, fFloor[top]!, fCursor[top]!);
    top--;
  }
  // The walk goes back in time and its segments never overlap: reversed, they are in start order.
  segSpan.subarray(0, count).reverse();
  segStart.subarray(0, count).reverse();
  segEnd.subarray(0, count).reverse();
  return withIndex(n, count, segSpan, segStart, segEnd);
}

function withIndex(n: number, count: number, span: Int32Array, startUs: Float64Array, endUs: Float64Array): CriticalPath {
  const first = new Int32Array(n + 1);
  for (let k = 0; k < count; k++) first[span[k]! + 1]!++;
  for (let i = 0; i < n; i++) first[i + 1]! += first[i]!;
  const order = new Int32Array(count);
  const fill = first.slice(0, n);
  for (let k = 0; k < count; k++) order[fill[span[k]!]!++] = k;
  return {
    length: count,
    span: span.subarray(0, count),
    startUs: startUs.subarray(0, count),
    endUs: endUs.subarray(0, count),
    get(index) {
      if (index < 0 || index >= n || first[index] === first[index + 1]) return undefined;
      const list: CriticalSegment[] = [];
      for (let k = first[index]!; k < first[index + 1]!; k++) list.push({ span: index, startUs: startUs[order[k]!]!, endUs: endUs[order[k]!]! });
      return list;
    },
  };
}

/** The segments as objects, in start order. */
export function criticalSegments(path: CriticalPath): CriticalSegment[] {
  const out: CriticalSegment[] = new Array(path.length);
  for (let k = 0; k < path.length; k++) out[k] = { span: path.span[k]!, startUs: path.startUs[k]!, endUs: path.endUs[k]! };
  return out;
}

/** Sorts kids[from, to) by end time, latest first, ties in start order (insertion sort for the usual few children). */
function sortByEndDescending(kids: Int32Array, from: number, to: number, end: Float64Array): void {
  if (to - from > 32) {
    const view = kids.subarray(from, to);
    const order = Array.from(view.keys());
    order.sort((a, b) => end[view[b]!]! - end[view[a]!]! || a - b);
    const sorted = order.map((k) => view[k]!);
    view.set(sorted);
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const k = kids[i]!;
    const e = end[k]!;
    let j = i - 1;
    while (j >= from && end[kids[j]!]! < e) {
      kids[j + 1] = kids[j]!;
      j--;
    }
    kids[j + 1] = k;
  }
}

/** Per span index, the total critical time in µs (0 for spans off the path). */
export function criticalTimeBySpan(trace: Trace, path: CriticalPath): Float64Array {
  const out = new Float64Array(trace.spans.length);
  for (let k = 0; k < path.length; k++) out[path.span[k]!] = (out[path.span[k]!] ?? 0) + (path.endUs[k]! - path.startUs[k]!);
  return out;
}
