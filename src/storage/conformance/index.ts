/** The shared storage conformance suite, and the trace builders and comparisons it uses (for backend-specific tests). */
export type { ConformanceOptions, OpenBackend } from './conformance-case.js';
export { makeQuery } from './conformance-case.js';
export { runStorageConformance } from './run-storage-conformance.js';
export type { SpanGroup, SpanSpec } from './trace-factory.js';
export { makeBatch, makeEvent, makeLink, makeSpan, nsMinutesAgo, spanIdOf, traceIdOf } from './trace-factory.js';
export { assertSameSpans, collect, spanCountOf, spanRows, traceIdsOf } from './trace-compare.js';
