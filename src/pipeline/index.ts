export type { AcceptOutcome, BatchOrigin, SpanSink } from './span-sink.js';
