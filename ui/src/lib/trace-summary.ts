/** What the search results show of a trace, and their sort orders. */
import type { ServiceCount, Trace } from './trace-model.js';
import type { SortKey } from './search-state.js';

export interface TraceSummary {
  traceId: string;
  name: string;
  rootService: string;
  rootOperation: string;
  startUs: number;
  durationUs: number;
  spanCount: number;
  errorCount: number;
  services: ServiceCount[];
}

export function summarize(trace: Trace): TraceSummary {
  return {
    traceId: trace.traceId,
    name: trace.name,
    rootService: trace.rootService,
    rootOperation: trace.rootOperation,
    startUs: trace.startUs,
    durationUs: trace.durationUs,
    spanCount: trace.spans.length,
    errorCount: trace.errorCount,
    services: trace.services,
  };
}

/** A sorted copy; ties keep the most recent first. */
export function sortSummaries(list: readonly TraceSummary[], key: SortKey): TraceSummary[] {
  const by: Record<SortKey, (a: TraceSummary, b: TraceSummary) => number> = {
    recent: () => 0,
    longest: (a, b) => b.durationUs - a.durationUs,
    shortest: (a, b) => a.durationUs - b.durationUs,
    'most-spans': (a, b) => b.spanCount - a.spanCount,
    'least-spans': (a, b) => a.spanCount - b.spanCount,
    'most-errors': (a, b) => b.errorCount - a.errorCount,
  };
  const primary = by[key];
  return [...list].sort((a, b) => primary(a, b) || b.startUs - a.startUs);
}
