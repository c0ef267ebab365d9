/** The Jaeger (and Zipkin) decoders return the shared `TraceDecodeResult`, like the OTLP ones. */
import type { TraceDecodeResult } from '../decode-result.js';

export type { SpanRejections, TraceDecodeResult } from '../decode-result.js';
export type JaegerDecodeResult = TraceDecodeResult;
export { createSpanRejections, decodeFailed, decodeSucceeded, recordRejection, rejectionMessage } from '../decode-result.js';
