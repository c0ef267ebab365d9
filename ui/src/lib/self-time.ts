/**
 * Self time: the part of a span's duration during which none of its children was running (children clipped to the
 * span's own time range, overlapping children counted once).
 */
import type { Trace } from './trace-model.js';

/** Self time in µs of every span, by index. */
export function computeSelfTimes(trace: Trace): Float64Array {
  const spans = trace.spans;
  const out = new Float64Array(spans.length);
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    const start = span.startUs;
    const end = span.startUs + span.durationUs;
    const intervals: Array<[number, number]> = [];
    for (const c of span.children) {
      const child = spans[c]!;
      const s = Math.max(start, child.startUs);
      const e = Math.min(end, child.startUs + child.durationUs);
      if (e > s) intervals.push([s, e]);
    }
    intervals.sort((a, b) => a[0] - b[0]);
    let covered = 0;
    let runStart = -Infinity;
    let runEnd = -Infinity;
    for (const [s, e] of intervals) {
      if (s > runEnd) {
        if (runEnd > runStart) covered += runEnd - runStart;
        runStart = s;
        runEnd = e;
      } else runEnd = Math.max(runEnd, e);
    }
    if (runEnd > runStart) covered += runEnd - runStart;
    out[i] = Math.max(0, span.durationUs - covered);
  }
  return out;
}
