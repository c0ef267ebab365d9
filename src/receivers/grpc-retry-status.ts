/**
 * The `grpc-status-details-bin` trailer for a refusal: a google.rpc.Status carrying a google.rpc.RetryInfo, so that
 * OTLP clients that read it (the Go and Java exporters, the Collector) wait the suggested delay before retrying.
 *
 *   Status    { int32 code = 1; string message = 2; repeated Any details = 3; }
 *   Any       { string type_url = 1; bytes value = 2; }
 *   RetryInfo { Duration retry_delay = 1; }
 *   Duration  { int64 seconds = 1; int32 nanos = 2; }
 */
import protobuf from 'protobufjs/minimal.js';

const RETRY_INFO_TYPE_URL = 'type.googleapis.com/google.rpc.RetryInfo';

export function encodeStatusWithRetryInfo(code: number, message: string, retryAfterMs: number): Buffer {
  const ms = Math.max(0, Math.round(retryAfterMs));
  const duration = protobuf.Writer.create();
  if (ms >= 1000) duration.uint32(8).int64(Math.floor(ms / 1000));
  if (ms % 1000 !== 0) duration.uint32(16).int32((ms % 1000) * 1_000_000);
  const retryInfo = protobuf.Writer.create().uint32(10).bytes(duration.finish()).finish();
  const any = protobuf.Writer.create().uint32(10).string(RETRY_INFO_TYPE_URL).uint32(18).bytes(retryInfo).finish();
  const status = protobuf.Writer.create().uint32(8).int32(code).uint32(18).string(message).uint32(26).bytes(any).finish();
  return Buffer.from(status.buffer, status.byteOffset, status.byteLength);
}
