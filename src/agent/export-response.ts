/**
 * What a collector's `TraceService/Export` answer means to the agent: the partial success in a successful response,
 * and whether a failed call's gRPC status is worth retrying (OTLP spec, "Failures" of OTLP/gRPC).
 */
import { status } from '@grpc/grpc-js';
import protobuf from 'protobufjs/minimal.js';

export interface PartialSuccess {
  rejectedSpans: number;
  errorMessage: string;
}

const NONE: PartialSuccess = { rejectedSpans: 0, errorMessage: '' };

/**
 * Reads `ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1 { int64 rejected_spans = 1;
 * string error_message = 2; } }`, skipping unknown fields. An empty or undecodable body counts as full success: the
 * call itself succeeded, and a collector that cannot encode its answer has still taken the spans.
 */
export function decodeExportResponse(body: Uint8Array): PartialSuccess {
  if (body.length === 0) return NONE;
  try {
    const r = protobuf.Reader.create(body);
    let result = NONE;
    while (r.pos < r.len) {
      const tag = r.uint32();
      if (tag >>> 3 === 1 && (tag & 7) === 2) result = readPartialSuccess(r.bytes());
      else r.skipType(tag & 7);
    }
    return result;
  } catch {
    return NONE;
  }
}

function readPartialSuccess(body: Uint8Array): PartialSuccess {
  const r = protobuf.Reader.create(body);
  let rejectedSpans = 0;
  let errorMessage = '';
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag === (1 << 3)) rejectedSpans = Number(r.int64());
    else if (tag === ((2 << 3) | 2)) errorMessage = r.string();
    else r.skipType(tag & 7);
  }
  return { rejectedSpans: Math.max(0, rejectedSpans), errorMessage };
}

/**
 * Statuses after which sending the same request again (later, or to another collector) may succeed: the OTLP
 * spec's retryable list, plus RESOURCE_EXHAUSTED, which an overloaded collector (full queue, memory limit) returns.
 * Everything else (INVALID_ARGUMENT, UNIMPLEMENTED, UNAUTHENTICATED, INTERNAL, …) is permanent for this request.
 */
export function isRetryableStatus(code: number): boolean {
  switch (code) {
    case status.CANCELLED:
    case status.DEADLINE_EXCEEDED:
    case status.ABORTED:
    case status.OUT_OF_RANGE:
    case status.UNAVAILABLE:
    case status.DATA_LOSS:
    case status.RESOURCE_EXHAUSTED:
      return true;
    default:
      return false;
  }
}

/** The status's name for metrics and logs, e.g. `UNAVAILABLE`. */
export function statusName(code: number): string {
  return (status as unknown as Record<number, string>)[code] ?? `CODE_${code}`;
}
