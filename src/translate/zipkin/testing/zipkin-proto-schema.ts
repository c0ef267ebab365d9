/** zipkin-api's zipkin.proto (proto3 `ListOfSpans`) loaded into protobufjs, for tests needing real protobuf bytes. */
import protobuf from 'protobufjs';

const ZIPKIN_PROTO = `
syntax = "proto3";
package zipkin.proto3;
message Span {
  bytes trace_id = 1; bytes parent_id = 2; bytes id = 3;
  enum Kind { SPAN_KIND_UNSPECIFIED = 0; CLIENT = 1; SERVER = 2; PRODUCER = 3; CONSUMER = 4; }
  Kind kind = 4; string name = 5; fixed64 timestamp = 6; uint64 duration = 7;
  Endpoint local_endpoint = 8; Endpoint remote_endpoint = 9; repeated Annotation annotations = 10;
  map<string, string> tags = 11; bool debug = 12; bool shared = 13;
}
message Endpoint { string service_name = 1; bytes ipv4 = 2; bytes ipv6 = 3; int32 port = 4; }
message Annotation { fixed64 timestamp = 1; string value = 2; }
message ListOfSpans { repeated Span spans = 1; }
`;

const root = protobuf.parse(ZIPKIN_PROTO, { keepCase: true }).root;
const ListOfSpans = root.lookupType('zipkin.proto3.ListOfSpans');

export function encodeListOfSpans(list: { spans: Array<Record<string, unknown>> }): Uint8Array {
  return ListOfSpans.encode(ListOfSpans.fromObject(list)).finish();
}
