/**
 * The query-time adjusters, applied to every trace the query API returns unless the caller asks for `raw`:
 * 1. sort collections (canonical attribute and event order);
 * 2. drop exact duplicate spans;
 * 3. give server spans that share a client span's id a unique id;
 * 4. correct clock skew, only when `maxClockSkewAdjustNs` > 0 (Jaeger's default of 0 disables it; then nothing is
 *    changed and no warning is added).
 * Adjusters mutate the trace in place; storage hands out fresh copies, so that is safe.
 */
import type { Trace } from '../../model/index.js';
import { correctClockSkew } from './clock-skew.js';
import { dedupeSpans } from './dedupe-spans.js';
import { sortCollections } from './sort-collections.js';
import { dedupeClientServerSpanIds } from './span-id-deduper.js';
import type { SpanWarnings } from './span-warnings.js';

export interface AdjustedTrace {
  trace: Trace;
  warnings: SpanWarnings;
}

export type TraceAdjuster = (trace: Trace) => AdjustedTrace;

export function createTraceAdjuster(options: { maxClockSkewAdjustNs: bigint }): TraceAdjuster {
  const maxSkew = options.maxClockSkewAdjustNs;
  return (trace) => {
    const warnings: SpanWarnings = new Map();
    sortCollections(trace);
    dedupeSpans(trace);
    dedupeClientServerSpanIds(trace, warnings);
    if (maxSkew > 0n) correctClockSkew(trace, warnings, maxSkew);
    return { trace, warnings };
  };
}

/** The identity adjustment, for `raw` requests. */
export function unadjusted(trace: Trace): AdjustedTrace {
  return { trace, warnings: new Map() };
}
