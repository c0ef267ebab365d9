/**
 * Reads traces for the API routes and applies the query-time adjusters (unless `raw`). Shared by the classic and the
 * api_v3 routes so that both show the same adjusted data.
 */
import type { Trace } from '../model/index.js';
import type { GetTraceParams, TraceQuery, TraceReader } from '../storage/api/index.js';
import { unadjusted, type AdjustedTrace, type TraceAdjuster } from './adjusters/index.js';

export interface TraceService {
  /** The traces found among `params`, keyed by their 32-hex id; missing ids are simply absent. */
  getTraces(params: readonly GetTraceParams[], raw: boolean): Promise<Map<string, AdjustedTrace>>;
  /** Traces matching `query`, most recent first (by their earliest span start). */
  findTraces(query: TraceQuery, raw: boolean): Promise<AdjustedTrace[]>;
}

export function createTraceService(reader: TraceReader, adjust: TraceAdjuster): TraceService {
  const prepare = (trace: Trace, raw: boolean): AdjustedTrace => (raw ? unadjusted(trace) : adjust(trace));
  return {
    async getTraces(params, raw) {
      const found = new Map<string, AdjustedTrace>();
      for await (const trace of reader.getTraces(params)) {
        if (hasSpans(trace)) found.set(trace.traceId, prepare(trace, raw));
      }
      return found;
    },
    async findTraces(query, raw) {
      const traces: Array<{ start: bigint; adjusted: AdjustedTrace }> = [];
      for await (const trace of reader.findTraces(query)) {
        if (!hasSpans(trace)) continue;
        const adjusted = prepare(trace, raw); // adjusters may move spans: order by the times shown
        traces.push({ start: earliestStart(adjusted.trace), adjusted });
      }
      traces.sort((a, b) => (a.start > b.start ? -1 : a.start < b.start ? 1 : 0));
      return traces.map((t) => t.adjusted);
    },
  };
}

function hasSpans(trace: Trace): boolean {
  return trace.resourceSpans.some((rs) => rs.scopeSpans.some((ss) => ss.spans.length > 0));
}

function earliestStart(trace: Trace): bigint {
  let min: bigint | undefined;
  for (const rs of trace.resourceSpans) {
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) if (min === undefined || span.startTimeUnixNano < min) min = span.startTimeUnixNano;
    }
  }
  return min ?? 0n;
}
