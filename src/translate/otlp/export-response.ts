/**
 * Response bodies of the OTLP trace export: `ExportTraceServiceResponse` (success and partial success) and
 * `google.rpc.Status` (errors), in protobuf and JSON. Per the OTLP spec `partial_success` is left unset on full
 * success; `rejected_spans` 0 with a message is a warning the client must not retry.
 */
import protobuf from 'protobufjs/minimal.js';

export interface ExportPartialSuccess {
  rejectedSpans: number;
  errorMessage: string;
}

/** OTLP/JSON shape of `ExportTraceServiceResponse`; int64 `rejectedSpans` as a decimal string (proto3 JSON). */
export interface ExportTraceServiceResponseJson {
  partialSuccess?: { rejectedSpans?: string; errorMessage?: string };
}

/** `google.rpc.Status` in JSON. */
export interface RpcStatusJson {
  code: number;
  message: string;
}

const EMPTY = new Uint8Array(0);

/** ExportTraceServiceResponse{ partial_success = 1 { rejected_spans = 1 (int64), error_message = 2 } }. */
export function encodeExportResponseProtobuf(p: ExportPartialSuccess): Uint8Array {
  if (p.rejectedSpans <= 0 && p.errorMessage === '') return EMPTY;
  const w = protobuf.Writer.create();
  w.uint32((1 << 3) | 2).fork();
  if (p.rejectedSpans > 0) w.uint32(1 << 3).int64(p.rejectedSpans);
  if (p.errorMessage !== '') w.uint32((2 << 3) | 2).string(p.errorMessage);
  w.ldelim();
  return w.finish();
}

/** `{}` on full success, else `{ partialSuccess: { rejectedSpans: "2", errorMessage: "…" } }` (zero fields omitted). */
export function encodeExportResponseJson(p: ExportPartialSuccess): ExportTraceServiceResponseJson {
  if (p.rejectedSpans <= 0 && p.errorMessage === '') return {};
  const partialSuccess: { rejectedSpans?: string; errorMessage?: string } = {};
  if (p.rejectedSpans > 0) partialSuccess.rejectedSpans = String(p.rejectedSpans);
  if (p.errorMessage !== '') partialSuccess.errorMessage = p.errorMessage;
  return { partialSuccess };
}

/** google.rpc.Status{ code = 1 (int32), message = 2 } for error responses; `details` is never sent. */
export function encodeRpcStatusProtobuf(code: number, message: string): Uint8Array {
  const w = protobuf.Writer.create();
  if (code !== 0) w.uint32(1 << 3).int32(code);
  if (message !== '') w.uint32((2 << 3) | 2).string(message);
  return w.finish();
}

export function rpcStatusJson(code: number, message: string): RpcStatusJson {
  return { code, message };
}
