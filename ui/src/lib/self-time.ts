/**
 * Self time: the part of a span's duration during which none of its children was running (children clipped to the
 * span's own time range, overlapping children counted once). Children come in start order, so one merging pass per
 * span suffices and nothing is allocated per span.
 */
import type { Trace } from './trace-model.js';

/** Self time in µs of every span, by index. */
export function computeSelfTimes(trace: Trace): Float64Array {
  const spans = trace.spans;
  const out = new Float64Array(spans.length);
  const { first, list } = trace.childIndex;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    if (span.childCount === 0) {
      out[i] = Math.max(0, span.durationUs);
      continue;
    }
    const start = span.startUs;
    const end = span.startUs + span.durationUs;
    let covered = 0;
    let runStart = -Infinity;
    let runEnd = -Infinity;
    for (let k = first[i]!; k < first[i + 1]!; k++) {
      const child = spans[list[k]!]!;
      // Clipping keeps the start order: max(start, child start) never decreases.
      const s = Math.max(start, child.startUs);
      const e = Math.min(end, child.startUs + child.durationUs);
      if (e <= s) continue;
      if (s > runEnd) {
        if (runEnd > runStart) covered += runEnd - runStart;
        runStart = s;
        runEnd = e;
      } else if (e > runEnd) runEnd = e;
    }
    if (runEnd > runStart) covered += runEnd - runStart;
    out[i] = Math.max(0, span.durationUs - covered);
  }
  return out;
}
