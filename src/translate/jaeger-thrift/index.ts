/**
 * Jaeger Thrift decoders (agent UDP datagrams, HTTP collector bodies) into Ariadne's span model, plus the Jaeger →
 * OTLP mapping rules they share with the api_v2 protobuf decoder (`../jaeger-proto`).
 */
export {
  decodeJaegerAgentBinaryDatagram,
  decodeJaegerAgentCompactDatagram,
  decodeJaegerThriftBatch,
} from './decode-jaeger-thrift.js';
export type { JaegerDecodeResult, SpanRejections, TraceDecodeResult } from './decode-result.js';
export { appendJaegerCompactDatagram, transcodeJaegerCompactDatagram } from './compact-transcoder.js';
export type { OtlpTranscodeResult } from './compact-transcoder.js';

// Shared Jaeger → model mapping (used by ../jaeger-proto) and model-building helpers (also used by ../zipkin).
export { createSpanRejections, decodeFailed, decodeSucceeded, recordRejection } from './decode-result.js';
export { applyJaegerSpanTags, NO_SCOPE } from './jaeger-span-tags.js';
export { nameEventFromFields } from './jaeger-log-fields.js';
export type { ScopeNameVersion } from './jaeger-span-tags.js';
export { RefType, resolveJaegerReferences } from './jaeger-references.js';
export type { JaegerReference } from './jaeger-references.js';
export { jaegerProcessToResource } from './jaeger-process.js';
export { createEmptySpan, createSpanBatchBuilder } from './span-batch-builder.js';
export { decodeUtf8 } from './string-cache.js';
export type { SpanBatchBuilder } from './span-batch-builder.js';
