export type { OtlpDecodeResult } from './decode-result.js';
export { decodeOtlpJson } from './decode-json.js';
export type { ExportPartialSuccess, ExportTraceServiceResponseJson, RpcStatusJson } from './export-response.js';
export {
  encodeExportResponseJson,
  encodeExportResponseProtobuf,
  encodeRpcStatusProtobuf,
  rpcStatusJson,
} from './export-response.js';
