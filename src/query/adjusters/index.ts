export { createTraceAdjuster, unadjusted } from './adjust-trace.js';
export type { AdjustedTrace, TraceAdjuster } from './adjust-trace.js';
export { correctClockSkew, hostKeyOf } from './clock-skew.js';
export { dedupeSpans } from './dedupe-spans.js';
export { sortCollections } from './sort-collections.js';
export { dedupeClientServerSpanIds } from './span-id-deduper.js';
export { addWarning } from './span-warnings.js';
export type { SpanWarnings } from './span-warnings.js';
