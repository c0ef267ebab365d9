export type {
  ExportPartialSuccess,
  ExportTraceServiceResponseJson,
  OtlpDecodeResult,
  OtlpJsonAnyValue,
  OtlpJsonEvent,
  OtlpJsonInstrumentationScope,
  OtlpJsonKeyValue,
  OtlpJsonLink,
  OtlpJsonResource,
  OtlpJsonResourceSpans,
  OtlpJsonScopeSpans,
  OtlpJsonSpan,
  OtlpJsonStatus,
  OtlpJsonTracesData,
  RpcStatusJson,
} from './otlp/index.js';
export {
  decodeOtlpJson,
  decodeOtlpProtobuf,
  encodeAnyValue,
  encodeExportResponseJson,
  encodeExportResponseProtobuf,
  encodeOtlpJson,
  encodeOtlpProtobuf,
  encodeRpcStatusProtobuf,
  ProtobufWriter,
  rpcStatusJson,
} from './otlp/index.js';
export type { SpanRejections, TraceDecodeResult } from './decode-result.js';
export {
  decodeJaegerAgentBinaryDatagram,
  decodeJaegerAgentCompactDatagram,
  decodeJaegerThriftBatch,
  appendJaegerCompactDatagram,
  transcodeJaegerCompactDatagram,
} from './jaeger-thrift/index.js';
export type { OtlpTranscodeResult } from './jaeger-thrift/index.js';
export { decodeJaegerPostSpansRequest } from './jaeger-proto/index.js';
export { decodeZipkinV1Json, decodeZipkinV2Json, decodeZipkinV2Proto } from './zipkin/index.js';
