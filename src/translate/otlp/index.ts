export type { OtlpDecodeResult } from './decode-result.js';
export { decodeOtlpJson } from './decode-json.js';
export { decodeOtlpProtobuf } from './decode-protobuf.js';
export { encodeOtlpProtobuf, writeLinks, writeResource, writeScope } from './encode-protobuf.js';
export { ProtobufWriter } from './protobuf-write.js';
export type { ExportPartialSuccess, ExportTraceServiceResponseJson, RpcStatusJson } from './export-response.js';
export {
  encodeExportResponseJson,
  encodeExportResponseProtobuf,
  encodeRpcStatusProtobuf,
  rpcStatusJson,
} from './export-response.js';
export { encodeAnyValue, encodeOtlpJson } from './encode-json.js';
export type {
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
} from './json-types.js';
export {
  createSpanMessageDecoder,
  decodeAnyValueContent,
  readSpanMessageIds,
  spanMessageEnd,
  visitSpanMessageAttributes,
} from './span-message.js';
export type { SpanKeyValueVisitor, SpanMessageDecoder } from './span-message.js';
export { scanOtlpProtobuf } from './scan-protobuf.js';
export { scannedRequestOfSummary } from './scan-summary.js';
export type { ScannedRequest, ScannedResourceSpans, ScannedScopeSpans, ScannedSpan } from './scan-protobuf.js';
