export type {
  ExportPartialSuccess,
  ExportTraceServiceResponseJson,
  OtlpDecodeResult,
  RpcStatusJson,
} from './otlp/index.js';
export {
  decodeOtlpJson,
  encodeExportResponseJson,
  encodeExportResponseProtobuf,
  encodeRpcStatusProtobuf,
  rpcStatusJson,
} from './otlp/index.js';
