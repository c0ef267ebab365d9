/**
 * The critical path of a trace: the chain of work that determined its end-to-end duration. Walking back from a span's
 * end, the child that finished last (by the point reached so far) is on the path, then the walk continues from that
 * child's start; the parent's own time between such children is on the path too. Children are clipped to their parent's time range. The result is a list of
 * segments, each a span index and the time range (absolute µs) during which that span was the critical one.
 */
import type { Trace } from './trace-model.js';

export interface CriticalSegment {
  span: number;
  startUs: number;
  endUs: number;
}

interface Frame {
  span: number;
  /** Children sorted by end time, latest first. */
  children: number[];
  next: number;
  /** End of this span after clipping to its parent; children are clipped to it. */
  end: number;
  cursor: number;
  /** Lower bound of this span's time range after clipping to its ancestors. */
  floor: number;
}

/**
 * Segments in reverse time order are collected, then returned sorted by start time. Starts from the root that ends
 * last (a trace with several roots has one end, set by that root).
 */
export function computeCriticalPath(trace: Trace): CriticalSegment[] {
  const spans = trace.spans;
  if (trace.roots.length === 0) return [];
  let root = trace.roots[0]!;
  for (const r of trace.roots) {
    const s = spans[r]!;
    const best = spans[root]!;
    if (s.startUs + s.durationUs > best.startUs + best.durationUs) root = r;
  }
  const endOf = (i: number) => spans[i]!.startUs + spans[i]!.durationUs;
  const segments: CriticalSegment[] = [];
  const push = (span: number, startUs: number, endUs: number) => {
    if (endUs > startUs) segments.push({ span, startUs, endUs });
  };
  const frame = (span: number, end: number, floor: number): Frame => ({
    span,
    children: [...spans[span]!.children].sort((a, b) => endOf(b) - endOf(a)),
    next: 0,
    end,
    cursor: end,
    floor,
  });
  const rootSpan = spans[root]!;
  const stack: Frame[] = [frame(root, endOf(root), rootSpan.startUs)];
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    let descended = false;
    while (f.next < f.children.length) {
      const c = f.children[f.next++]!;
      const child = spans[c]!;
      const childEnd = Math.min(endOf(c), f.end);
      const childStart = Math.max(child.startUs, f.floor);
      // As Jaeger: only a child that finished by the time reached so far can be the one the span waited for.
      if (childEnd > f.cursor || childEnd <= childStart) continue;
      push(f.span, childEnd, f.cursor);
      f.cursor = childStart;
      stack.push(frame(c, childEnd, childStart));
      descended = true;
      break;
    }
    if (descended) continue;
    push(f.span, f.floor, f.cursor);
    stack.pop();
  }
  return segments.sort((a, b) => a.startUs - b.startUs);
}

/** Per span index, the total critical time in µs (0 for spans off the path). */
export function criticalTimeBySpan(trace: Trace, segments: readonly CriticalSegment[]): Float64Array {
  const out = new Float64Array(trace.spans.length);
  for (const s of segments) out[s.span] = (out[s.span] ?? 0) + (s.endUs - s.startUs);
  return out;
}
