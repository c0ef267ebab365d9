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

/** Segments by span, for drawing: `get(index)` is the span's segments in time order, or undefined. */
export interface CriticalIndex {
  get(index: number): CriticalSegment[] | undefined;
}

/**
 * Segments sorted by start time. Starts from the root that ends last (a trace with several roots has one end, set by
 * that root).
 */
export function computeCriticalPath(trace: Trace): CriticalSegment[] {
  const spans = trace.spans;
  const n = spans.length;
  if (trace.roots.length === 0) return [];
  const end = new Float64Array(n);
  for (let i = 0; i < n; i++) end[i] = spans[i]!.startUs + spans[i]!.durationUs;
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
  const out: CriticalSegment[] = [];
  const push = (span: number, startUs: number, endUs: number) => {
    if (endUs > startUs) out.push({ span, startUs, endUs });
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
  open(root, end[root]!, spans[root]!.startUs);
  while (top >= 0) {
    const span = fSpan[top]!;
    let descended = false;
    while (fNext[top]! < base[top + 1]!) {
      const c = kids[fNext[top]!++]!;
      const childEnd = Math.min(end[c]!, fEnd[top]!);
      const childStart = Math.max(spans[c]!.startUs, fFloor[top]!);
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
  return out.reverse();
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
export function criticalTimeBySpan(trace: Trace, segments: readonly CriticalSegment[]): Float64Array {
  const out = new Float64Array(trace.spans.length);
  for (const s of segments) out[s.span] = (out[s.span] ?? 0) + (s.endUs - s.startUs);
  return out;
}

/** Groups segments (in start order) by span in one table; a span's list is made when it is asked for. */
export function indexCriticalPath(trace: Trace, segments: readonly CriticalSegment[]): CriticalIndex {
  const n = trace.spans.length;
  const first = new Int32Array(n + 1);
  for (const s of segments) first[s.span + 1]!++;
  for (let i = 0; i < n; i++) first[i + 1]! += first[i]!;
  const order = new Int32Array(segments.length);
  const fill = first.slice(0, n);
  for (let k = 0; k < segments.length; k++) order[fill[segments[k]!.span]!++] = k;
  return {
    get(index) {
      if (index < 0 || index >= n || first[index] === first[index + 1]) return undefined;
      const list: CriticalSegment[] = [];
      for (let k = first[index]!; k < first[index + 1]!; k++) list.push(segments[order[k]!]!);
      return list;
    },
  };
}
