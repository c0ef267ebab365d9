/**
 * OTLP/HTTP answers, written in the encoding of the request (protobuf or JSON): an `ExportTraceServiceResponse` on
 * success, a `google.rpc.Status` on error.
 */
import type { ServerResponse } from 'node:http';
import {
  encodeExportResponseJson,
  encodeExportResponseProtobuf,
  encodeRpcStatusProtobuf,
  rpcStatusJson,
} from '../../translate/otlp/index.js';

export type WireFormat = 'protobuf' | 'json';

const CONTENT_TYPE: Record<WireFormat, string> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

/** google.rpc.Code carried in error bodies, chosen to agree with the HTTP status. */
const RPC_CODE_FOR_HTTP: Record<number, number> = {
  400: 3, // INVALID_ARGUMENT
  404: 5, // NOT_FOUND
  405: 12, // UNIMPLEMENTED
  413: 8, // RESOURCE_EXHAUSTED (what gRPC reports for an oversized message)
  415: 3, // INVALID_ARGUMENT
  503: 14, // UNAVAILABLE
};

/** 200 with an ExportTraceServiceResponse; `partial_success` is set only when spans were rejected or there is a warning. */
export function sendExportResponse(
  res: ServerResponse,
  format: WireFormat,
  rejectedSpans: number,
  errorMessage: string,
): void {
  const p = { rejectedSpans, errorMessage };
  const body = format === 'protobuf' ? encodeExportResponseProtobuf(p) : JSON.stringify(encodeExportResponseJson(p));
  send(res, 200, format, body);
}

/** An error status with a google.rpc.Status body whose message says what was wrong and what to do. */
export function sendErrorStatus(res: ServerResponse, httpStatus: number, format: WireFormat, message: string): void {
  const code = RPC_CODE_FOR_HTTP[httpStatus] ?? 2; // UNKNOWN
  const body = format === 'protobuf' ? encodeRpcStatusProtobuf(code, message) : JSON.stringify(rpcStatusJson(code, message));
  send(res, httpStatus, format, body);
}

function send(res: ServerResponse, status: number, format: WireFormat, body: Uint8Array | string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', CONTENT_TYPE[format]);
  res.setHeader('Content-Length', typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
  res.end(body);
}
