/**
 * The api_v2 messages (jaeger-idl proto/api_v2/model.proto and collector.proto, gogoproto options left out) loaded
 * into protobufjs, for tests that need bytes encoded by a real protobuf implementation.
 */
import protobuf from 'protobufjs';

const WELL_KNOWN = `
syntax = "proto3";
package google.protobuf;
message Timestamp { int64 seconds = 1; int32 nanos = 2; }
message Duration { int64 seconds = 1; int32 nanos = 2; }
`;

const API_V2 = `
syntax = "proto3";
package jaeger.api_v2;
enum ValueType { STRING = 0; BOOL = 1; INT64 = 2; FLOAT64 = 3; BINARY = 4; }
message KeyValue {
  string key = 1; ValueType v_type = 2; string v_str = 3; bool v_bool = 4; int64 v_int64 = 5; double v_float64 = 6;
  bytes v_binary = 7;
}
message Log { google.protobuf.Timestamp timestamp = 1; repeated KeyValue fields = 2; }
enum SpanRefType { CHILD_OF = 0; FOLLOWS_FROM = 1; }
message SpanRef { bytes trace_id = 1; bytes span_id = 2; SpanRefType ref_type = 3; }
message Process { string service_name = 1; repeated KeyValue tags = 2; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; string operation_name = 3; repeated SpanRef references = 4; uint32 flags = 5;
  google.protobuf.Timestamp start_time = 6; google.protobuf.Duration duration = 7; repeated KeyValue tags = 8;
  repeated Log logs = 9; Process process = 10; string process_id = 11; repeated string warnings = 12;
}
message Batch { repeated Span spans = 1; Process process = 2; }
message PostSpansRequest { Batch batch = 1; }
`;

const root = new protobuf.Root();
protobuf.parse(WELL_KNOWN, root, { keepCase: true });
protobuf.parse(API_V2, root, { keepCase: true });
root.resolveAll();

export const PostSpansRequest = root.lookupType('jaeger.api_v2.PostSpansRequest');

/** Encodes a plain object (protobufjs `fromObject` conventions: bytes as Buffer, int64 as string/number). */
export function encodePostSpansRequest(request: Record<string, unknown>): Uint8Array {
  return PostSpansRequest.encode(PostSpansRequest.fromObject(request)).finish();
}
