/**
 * The timeline's service filter (Jaeger's "hide services"): the spans of hidden services leave the waterfall, and each
 * run of consecutive rows they leave behind becomes one placeholder row ("N spans pruned"), so the tree keeps its
 * shape and nothing disappears silently. Spans of shown services below a hidden one stay, at their depth. The filter
 * lives in the URL as repeated `hideService=<name>` parameters, so a link shows the same view.
 */
import type { Trace } from './trace-model.js';

export const HIDE_SERVICE_PARAM = 'hideService';

export interface PrunedRun {
  /** Rows pruned in this run. */
  count: number;
  /** Their services, by first appearance. */
  services: string[];
  /** Depth of the run's first span, to indent the placeholder. */
  depth: number;
}

export interface FilteredRows {
  /** Span indices, and placeholders as negative numbers: row value v < 0 stands for `runs[-v - 1]`. */
  rows: Int32Array;
  runs: PrunedRun[];
}

/** Visible rows (`visibleRows`) with the spans of `hidden` services pruned. Without hidden services, the same rows. */
export function pruneHiddenServices(trace: Trace, rows: Int32Array, hidden: ReadonlySet<string>): FilteredRows {
  if (hidden.size === 0) return { rows, runs: [] };
  const out = new Int32Array(rows.length);
  const runs: PrunedRun[] = [];
  let n = 0;
  let run: PrunedRun | undefined;
  for (let r = 0; r < rows.length; r++) {
    const index = rows[r]!;
    const span = trace.spans[index]!;
    if (!hidden.has(span.service)) {
      out[n++] = index;
      run = undefined;
      continue;
    }
    if (run === undefined) {
      run = { count: 0, services: [], depth: span.depth };
      runs.push(run);
      out[n++] = -runs.length;
    }
    run.count++;
    if (!run.services.includes(span.service)) run.services.push(span.service);
  }
  return { rows: out.subarray(0, n), runs };
}

/** The hidden services named in a URL query, limited to services of the trace. */
export function hiddenServicesFromUrl(search: URLSearchParams, trace: Trace): Set<string> {
  const known = new Set(trace.services.map((s) => s.name));
  return new Set(search.getAll(HIDE_SERVICE_PARAM).filter((s) => known.has(s)));
}

/** The query string with `hidden` as its service filter (other parameters kept), without the leading '?'. */
export function withHiddenServices(search: URLSearchParams, hidden: ReadonlySet<string>): string {
  const next = new URLSearchParams(search);
  next.delete(HIDE_SERVICE_PARAM);
  for (const s of [...hidden].sort()) next.append(HIDE_SERVICE_PARAM, s);
  return next.toString();
}
