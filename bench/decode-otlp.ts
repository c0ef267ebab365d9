/**
 * Micro-benchmark of `decodeOtlpProtobuf` on realistic 512-span requests (bench/otlp-payload.ts).
 *
 * After a warm-up it alternates 250 ms windows of our decoder and of protobufjs 7's generated decoder (reflection,
 * built from a .proto text of the same messages) for ~`seconds` each, cycling through 16 distinct payloads. It prints
 * the median spans/s and MB/s of each and their ratio: the machine is shared, so absolute rates drift between runs
 * while the ratio, measured interleaved in one process, stays comparable.
 * Usage: node dist/bench/decode-otlp.js [seconds=3] [spansPerRequest=512]   (pin a core with `taskset -c 1`)
 */
import protobuf from 'protobufjs';
import { decodeOtlpProtobuf, encodeOtlpProtobuf } from '../src/translate/index.js';
import { createRealisticOtlpRequest } from './otlp-payload.js';

const seconds = Number(process.argv[2] ?? '3');
const spansPerRequest = Number(process.argv[3] ?? '512');
const PAYLOADS = 16;
const WINDOW_MS = 250;

/** The OTLP trace messages (field numbers from opentelemetry-proto), for the protobufjs baseline. */
const OTLP_PROTO = `
syntax = "proto3";
package bench;
message AnyValue { oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3;
  double double_value = 4; ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7; } }
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message Scope { string name = 1; string version = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
message Request { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message ScopeSpans { Scope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
message Link { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4;
  uint32 dropped_attributes_count = 5; fixed32 flags = 6; }
message Status { string message = 2; int32 code = 3; }
message Span { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; string name = 5;
  int32 kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8; repeated KeyValue attributes = 9;
  uint32 dropped_attributes_count = 10; repeated Event events = 11; uint32 dropped_events_count = 12;
  repeated Link links = 13; uint32 dropped_links_count = 14; Status status = 15; fixed32 flags = 16; }
`;
const RequestType = protobuf.parse(OTLP_PROTO).root.lookupType('bench.Request');

const payloads: Buffer[] = [];
for (let i = 0; i < PAYLOADS; i++) {
  payloads.push(Buffer.from(encodeOtlpProtobuf(createRealisticOtlpRequest(spansPerRequest, i + 1))));
}
const bytesPerRequest = payloads.reduce((n, p) => n + p.length, 0) / PAYLOADS;

type Decode = (body: Buffer) => number;
const ours: Decode = (body) => {
  const r = decodeOtlpProtobuf(body);
  if (!r.ok) throw new Error(r.error);
  return r.spanCount;
};
const protobufjs: Decode = (body) => {
  const m = RequestType.decode(body) as unknown as { resourceSpans: { scopeSpans: { spans: unknown[] }[] }[] };
  return m.resourceSpans[0]!.scopeSpans[0]!.spans.length;
};

let next = 0;
/** Spans per second of one window. */
function window(decode: Decode, ms: number): number {
  let spans = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    spans += decode(payloads[next++ % PAYLOADS]!);
    now = performance.now();
  }
  return (spans / (now - start)) * 1000;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

for (let i = 0; i < 6; i++) window(i % 2 === 0 ? ours : protobufjs, WINDOW_MS);
const oursRates: number[] = [];
const baseRates: number[] = [];
const windows = Math.max(1, Math.round((seconds * 1000) / WINDOW_MS));
for (let i = 0; i < windows; i++) {
  oursRates.push(window(ours, WINDOW_MS));
  baseRates.push(window(protobufjs, WINDOW_MS));
}
const oursRate = median(oursRates);
const baseRate = median(baseRates);
const mb = (rate: number): string => ((rate / spansPerRequest) * bytesPerRequest / 1e6).toFixed(1);
process.stdout.write(
  `decodeOtlpProtobuf: ${fmt(oursRate)} spans/s, ${mb(oursRate)} MB/s, ${(1e6 / oursRate).toFixed(2)} µs/span\n` +
    `protobufjs 7 (reflection decode, no model conversion): ${fmt(baseRate)} spans/s, ${mb(baseRate)} MB/s\n` +
    `ratio: ${(oursRate / baseRate).toFixed(2)}x  (${spansPerRequest} spans/request, ` +
    `${Math.round(bytesPerRequest / spansPerRequest)} B/span, median of ${windows} interleaved ${WINDOW_MS} ms windows each)\n`,
);
