/**
 * Which spans the waterfall shows, given the collapsed set: a collapsed span hides its whole subtree, which is a
 * contiguous index range thanks to the model's pre-order. Linear in the number of visible rows plus collapsed spans.
 */
import type { Trace } from './trace-model.js';

export function visibleRows(trace: Trace, collapsed: ReadonlySet<number>): Int32Array {
  const spans = trace.spans;
  const out = new Int32Array(spans.length);
  let n = 0;
  let i = 0;
  while (i < spans.length) {
    out[n++] = i;
    i = collapsed.has(i) ? spans[i]!.subtreeEnd : i + 1;
  }
  return out.subarray(0, n);
}

/** Collapse every span that has children. */
export function collapseAll(trace: Trace): Set<number> {
  const out = new Set<number>();
  for (const s of trace.spans) if (s.childCount > 0) out.add(s.index);
  return out;
}

/**
 * Collapse one more level: the deepest visible parents (spans with children whose children are all leaves or
 * collapsed) get collapsed.
 */
export function collapseOneLevel(trace: Trace, collapsed: ReadonlySet<number>): Set<number> {
  const out = new Set(collapsed);
  const rows = visibleRows(trace, collapsed);
  let deepest = -1;
  for (const i of rows) {
    const span = trace.spans[i]!;
    if (span.childCount > 0 && !collapsed.has(i)) deepest = Math.max(deepest, span.depth);
  }
  if (deepest < 0) return out;
  for (const i of rows) {
    const span = trace.spans[i]!;
    if (span.depth === deepest && span.childCount > 0) out.add(i);
  }
  return out;
}

/** Expand one level: the shallowest collapsed visible spans are expanded. */
export function expandOneLevel(trace: Trace, collapsed: ReadonlySet<number>): Set<number> {
  const out = new Set(collapsed);
  let shallowest = Infinity;
  const rows = visibleRows(trace, collapsed);
  for (const i of rows) if (collapsed.has(i)) shallowest = Math.min(shallowest, trace.spans[i]!.depth);
  for (const i of rows) if (collapsed.has(i) && trace.spans[i]!.depth === shallowest) out.delete(i);
  return out;
}

/** The collapsed set with every ancestor of `index` expanded, so the span is visible. */
export function revealSpan(trace: Trace, collapsed: ReadonlySet<number>, index: number): Set<number> {
  const out = new Set(collapsed);
  let p = trace.spans[index]?.parent ?? -1;
  while (p >= 0) {
    out.delete(p);
    p = trace.spans[p]!.parent;
  }
  return out;
}
